'use strict';
// A Worker job, the main thread's side: starts the Worker that calls runJob()
// (./run_job.js), passes it a shared ThreadSafeCallback, and turns what comes
// back into the job's progress and its result. Job.worker() (../job.js) is
// the public face.
const { abortError } = require('../errors');
const { ABORTED, FLAG_SLOTS, IN_FLIGHT, JOB_KEY, reviveError } = require('./protocol');

/**
 * Starts `filename` in a Worker with `workerOptions`; `data` is what the work
 * sees as `data`. `controls` are the Job's: `{ onProgress(value, seq), mode,
 * signal? }`. Returns a promise of the work's result. The binding is loaded
 * on the first call.
 */
function startWorker(filename, data, workerOptions, controls) {
  const { Worker, MessageChannel } = require('worker_threads');
  const { ThreadSafeCallback } = require('../callback');
  const { signal, onProgress } = controls;
  if (signal !== undefined && signal.aborted) return Promise.reject(abortError(signal.reason));
  const latest = controls.mode === 'latest';
  const flags = new Int32Array(new SharedArrayBuffer(FLAG_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();

  return new Promise((resolve, reject) => {
    let settled = false;
    let callback;
    const onAbort = () => {
      Atomics.store(flags, ABORTED, 1);
      port1.postMessage('abort');
    };
    const finish = (settle, outcome) => {
      if (settled) return;
      settled = true;
      if (signal !== undefined) signal.removeEventListener('abort', onAbort);
      callback.close();
      port1.close();
      settle(outcome);
    };
    callback = new ThreadSafeCallback((kind, value, seq, aborted) => {
      if (kind === 'progress') {
        if (latest) Atomics.sub(flags, IN_FLIGHT, 1);
        onProgress(value, seq);
      } else if (aborted) {
        finish(reject, abortError(signal && signal.reason));
      } else if (kind === 'result') {
        finish(resolve, value);
      } else {
        finish(reject, reviveError(value));
      }
    }, latest ? { drainLimit: 1 } : undefined);
    const worker = new Worker(filename, {
      ...workerOptions,
      workerData: {
        [JOB_KEY]: { token: callback.share(), mode: controls.mode, flags: flags.buffer, port: port2 },
        data,
      },
      transferList: [...(workerOptions.transferList || []), port2],
    });
    if (signal !== undefined) signal.addEventListener('abort', onAbort, { once: true });
    worker.once('error', (error) => finish(reject, error));
    worker.once('exit', (code) => {
      // What the Worker sent before it ended may still wait to run.
      const check = () => {
        if (settled) return;
        if (!callback.closed && callback.pending > 0) return void setImmediate(check);
        finish(reject, new Error(`The job's Worker exited with code ${code} before its work returned`));
      };
      check();
    });
  });
}

module.exports = { startWorker };
