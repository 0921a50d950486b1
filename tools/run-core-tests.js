#!/usr/bin/env node
'use strict';
// Configures, builds and runs the core's GoogleTest suite (no Node involved
// in the tests themselves). TSCB_SANITIZE=thread|address picks a sanitizer
// build in its own folder (valgrind: a plain build without the allocation
// count test); TSCB_CORE_RUNNER='valgrind --flags' runs the suite under a
// tool; TSCB_TEST_SCALE=N shrinks the workloads N times.
//
// A hang fails the run with its cause: when one test runs longer than
// TSCB_CORE_HANG_SECONDS (default 300; no test takes more than seconds, even
// under a sanitizer on a loaded machine), the stacks of every thread are
// printed (gdb, when installed), the process is killed and the run fails,
// naming the test.
const { spawn, spawnSync } = require('child_process');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const sanitize = process.env.TSCB_SANITIZE || '';
const build = path.join(root, 'test', 'core', sanitize ? `build-${sanitize}` : 'build');
const hangSeconds = Number(process.env.TSCB_CORE_HANG_SECONDS) > 0 ? Number(process.env.TSCB_CORE_HANG_SECONDS) : 300;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) {
    console.error(`threadsafe-callback: cannot run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status === null ? 1 : result.status);
}

function printStacks(pid) {
  const gdb = spawnSync('gdb', ['-p', String(pid), '-batch', '-ex', 'thread apply all bt'],
    { encoding: 'utf8', timeout: 60000 });
  if (gdb.error) {
    console.error(`[core] (no thread stacks: ${gdb.error.message})`);
  } else {
    console.error(gdb.stdout);
  }
}

// Runs the suite with its output passed through; a test that does not end
// within the hang guard is reported and killed.
function runTests(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let current = null;
  let startedAt = 0;
  let hung = false;
  let rest = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      const started = /^\[ RUN {6}\] (\S+)/.exec(line);
      if (started) {
        current = started[1];
        startedAt = Date.now();
      } else if (/^\[ {7}OK \]|^\[ {2}FAILED {2}\]/.test(line)) {
        current = null;
      }
    }
  });
  const guard = setInterval(() => {
    if (current === null || hung || Date.now() - startedAt < hangSeconds * 1000) return;
    hung = true;
    console.error(`\n[core] hang: ${current} has run for ${hangSeconds} s; the stacks of its threads:`);
    printStacks(child.pid);
    child.kill('SIGKILL');
  }, 1000);
  child.on('close', (code, signal) => {
    clearInterval(guard);
    if (hung) {
      console.error(`[core] FAILED: ${current} hung (killed after ${hangSeconds} s)`);
      process.exit(1);
    }
    process.exit(code === null ? 1 : code);
  });
}

const configure = ['-S', path.join(root, 'test', 'core'), '-B', build, '-DCMAKE_BUILD_TYPE=RelWithDebInfo'];
if (sanitize) configure.push(`-DTSCB_SANITIZE=${sanitize}`);
if (sanitize === 'thread' || sanitize === 'address') configure.push('-DCMAKE_CXX_COMPILER=clang++');
run('cmake', configure, { stdio: ['ignore', 'ignore', 'inherit'] });
run('cmake', ['--build', build, '-j', String(os.cpus().length)]);
const runner = (process.env.TSCB_CORE_RUNNER || '').split(/\s+/).filter(Boolean);
const binary = path.join(build, 'core_tests');
if (runner.length > 0) {
  runTests(runner[0], [...runner.slice(1), binary, ...process.argv.slice(2)]);
} else {
  runTests(binary, process.argv.slice(2));
}
