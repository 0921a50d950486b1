#!/usr/bin/env node
'use strict';
// Runs the test commands while busy-loop processes compete for every core, as
// on a loaded CI host: the JS thread then waits milliseconds for its turn, and
// a test that depends on the machine being fast fails here first.
//
//   node tools/stress.js                      3 runs of `npm test` and `npm run test:sanitize`
//   node tools/stress.js --runs 1 -- npm test one run of one command
//
// Options: --runs N (default 3), --per-core N busy loops per core (default 3).
// Every run must end by itself: a run that fails stops the script with its
// exit code; the busy loops are killed however the script ends.
const { spawn } = require('child_process');
const os = require('os');

function parse(argv) {
  const options = { runs: 3, perCore: 3, commands: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      options.commands = [argv.slice(i + 1).join(' ')];
      break;
    }
    const value = Number(argv[i + 1]);
    if ((arg === '--runs' || arg === '--per-core') && Number.isInteger(value) && value >= 0) {
      options[arg === '--runs' ? 'runs' : 'perCore'] = value;
      i++;
    } else {
      console.error(`tools/stress.js: unknown or incomplete option ${arg}; ` +
        'usage: node tools/stress.js [--runs N] [--per-core N] [-- command ...]');
      process.exit(2);
    }
  }
  if (options.commands === null || options.commands[0] === '') {
    options.commands = ['npm test', 'npm run test:sanitize'];
  }
  return options;
}

// One busy loop: a process that never sleeps, at normal priority.
function startBusyLoops(count) {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
}

function runShell(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: 'inherit' });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
}

async function main() {
  const { runs, perCore, commands } = parse(process.argv.slice(2));
  const cores = os.cpus().length;
  const loops = startBusyLoops(cores * perCore);
  const stop = () => loops.forEach((loop) => loop.kill('SIGKILL'));
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
  console.log(`[stress] ${loops.length} busy loops on ${cores} cores; ${runs} run(s) of: ${commands.join(' && ')}`);
  const results = [];
  for (let run = 1; run <= runs; run++) {
    for (const command of commands) {
      const started = Date.now();
      console.log(`[stress] run ${run}/${runs}: ${command}`);
      const { code, signal } = await runShell(command);
      const seconds = Math.round((Date.now() - started) / 1000);
      results.push(`run ${run}: ${command}: ${code === 0 ? 'passed' : `FAILED (exit ${code}${signal ? `, ${signal}` : ''})`} in ${seconds} s`);
      console.log(`[stress] ${results[results.length - 1]}`);
      if (code !== 0) {
        console.log(`[stress] summary:\n[stress]   ${results.join('\n[stress]   ')}`);
        process.exit(code === null ? 1 : code);
      }
    }
  }
  console.log(`[stress] summary:\n[stress]   ${results.join('\n[stress]   ')}`);
  stop();  // the loops' child handles would keep this process alive for ever
}

main();
