'use strict';
// The one way the JS tests run a child process: a fixture (or any script)
// under the runtime running the tests, with a hang guard.
const { spawn } = require('child_process');
const path = require('path');

const { ROOT } = require('./helpers');
const { selfCommand } = require(path.join(ROOT, 'tools', 'runtimes.js'));

// test/js/fixtures/<name>
function fixture(name) {
  return path.join(__dirname, '..', 'fixtures', name);
}

// Runs `node [execArgv] script [args]` (under the runtime running the tests)
// in the package's folder; resolves with what it printed (`stdout`,
// `stderr`, and `lines`: stdout's non-empty lines), its exit `code` or
// `signal`, and `ms`, once it has exited and its output has ended.
//
// The hang guard kills the child (SIGKILL) and sets `timedOut`: after
// `timeout` ms in all (a guard, never a deadline a working child could miss),
// or, with `stallMs`, only after the child printed nothing on stdout for that
// long (for torture runs, whose total time is the machine's speed). A killed
// child's `stderr` ends with a line that says so, so that every assertion
// that shows stderr names the hang.
//
// With `killAfter`, a line that proves what the test waits for, the child is
// killed as soon as it prints that line (`killedAfterLine` is then true).
function runNode(script, args = [], { execArgv = [], env, timeout = 120000, stallMs = 0, killAfter } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const runtime = selfCommand(execArgv);
    const child = spawn(runtime.file, [...runtime.args, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killedAfterLine = false;
    const guardMs = stallMs > 0 ? stallMs : timeout;
    let timer = null;
    const armGuard = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, guardMs);
    };
    armGuard();
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (stallMs > 0) armGuard();
      if (killAfter !== undefined && !killedAfterLine && stdout.split('\n').includes(killAfter)) {
        killedAfterLine = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        stderr += `\n[runNode] killed ${path.basename(script)} ${args.join(' ')}: ` +
          `${stallMs > 0 ? `it printed nothing for ${guardMs} ms` : `it did not exit within ${guardMs} ms`}\n`;
      }
      resolve({ code, signal, stdout, stderr, timedOut, killedAfterLine, ms: Date.now() - started,
        lines: stdout.split('\n').filter(Boolean) });
    });
  });
}

// Runs `tasks` (functions returning promises), at most `limit` at a time.
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  async function lane() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

module.exports = { fixture, pool, runNode };
