'use strict';
// Mocha root hooks (loaded by .mocharc.json): a hang fails the run within a
// bounded time and says what caused it, without `--exit`.
//
// Two kinds of hang:
// - The run ended, but something keeps the process alive (a handle left open,
//   a native thread that never ends behind a ref'd callback). An unref'd timer
//   armed when the run ends fires only if the process is still alive then; it
//   prints the libuv handles that hold the loop, the JS resources, and the
//   tests that failed (a timed-out test's work may still be running), and
//   exits with code 1.
// - The JS thread is blocked (a native call that never returns), so neither
//   Mocha's own timeouts nor any timer can fire. A Worker watches a heartbeat
//   that the main thread writes every second; when it stops for longer than
//   the limit, the Worker prints the test that was running and kills the
//   process.
//
// TSCB_WATCHDOG_SECONDS (default 30) is how long the process may stay alive
// after the run ended; the JS thread may be blocked 4 times as long (no test
// blocks it for more than seconds, even under sanitizers on a loaded machine).
const fs = require('fs');
const { Worker } = require('worker_threads');

const seconds = Number(process.env.TSCB_WATCHDOG_SECONDS) > 0 ? Number(process.env.TSCB_WATCHDOG_SECONDS) : 30;
const failed = [];
let running = '(none yet)';

function write(text) {
  fs.writeSync(2, `\n[watchdog] ${text}\n`);
}

// What holds the event loop: the diagnostic report lists every libuv handle,
// native ones included (an addon's uv_async), which getActiveResourcesInfo()
// does not.
function liveHandles() {
  try {
    const report = process.report.getReport();
    const handles = (report.libuv || []).filter((h) => h.is_active && h.is_referenced && h.type !== 'loop');
    return handles.map((h) => `${h.type}${h.address ? ` ${h.address}` : ''}${h.details ? ` (${h.details})` : ''}`);
  } catch (error) {
    return [`(no diagnostic report in this runtime: ${error.message})`];
  }
}

function describeHang() {
  const resources = typeof process.getActiveResourcesInfo === 'function' ? process.getActiveResourcesInfo() : [];
  return [
    `libuv handles that keep the loop alive: ${liveHandles().join(', ') || 'none listed'}`,
    `JS resources: ${resources.join(', ') || 'none'}`,
    `the last test that ran: ${running}`,
    `tests that failed (their work may still be running): ${failed.length ? failed.join(' | ') : 'none'}`,
  ].join('\n[watchdog]   ');
}

// The blocked-thread watch: a Worker that kills the process when the main
// thread's heartbeat stops. It is unref'd, so it never keeps Mocha alive.
const heartbeat = new Int32Array(new SharedArrayBuffer(4));
let blockedWatch = null;
function startBlockedWatch() {
  const limit = seconds * 4;
  const source = `
    const { parentPort, workerData } = require('worker_threads');
    const fs = require('fs');
    const beat = workerData.heartbeat;
    let running = '(none yet)';
    parentPort.on('message', (title) => { running = title; });
    let last = Atomics.load(beat, 0);
    let still = 0;
    setInterval(() => {
      const now = Atomics.load(beat, 0);
      still = now === last ? still + 1 : 0;
      last = now;
      if (still >= ${limit}) {
        fs.writeSync(2, '\\n[watchdog] the JS thread has been blocked for ${limit} s, in or after test: ' +
          running + '\\n[watchdog] killing the test process\\n');
        process.kill(process.pid, 'SIGKILL');
      }
    }, 1000);
  `;
  try {
    blockedWatch = { worker: new Worker(source, { eval: true, workerData: { heartbeat } }) };
    blockedWatch.worker.unref();
    setInterval(() => Atomics.add(heartbeat, 0, 1), 1000).unref();
  } catch (error) {
    write(`no blocked-thread watch in this runtime: ${error.message}`);
  }
}

function tell(title) {
  running = title;
  if (blockedWatch) blockedWatch.worker.postMessage(title);
}

exports.mochaHooks = {
  beforeEach() {
    tell(this.currentTest.fullTitle());
  },
  afterEach() {
    if (this.currentTest.state === 'failed') failed.push(this.currentTest.fullTitle());
  },
};

exports.mochaGlobalSetup = startBlockedWatch;

exports.mochaGlobalTeardown = function () {
  setTimeout(() => {
    write(`the test run ended ${seconds} s ago, but the process is still alive:\n[watchdog]   ${describeHang()}`);
    process.exit(1);
  }, seconds * 1000).unref();
};
