'use strict';
// Worker bridge: `workers` Workers each send `count` small messages to the
// main thread; calls per second from the go signal to the last arrival.
//   postMessage: parentPort.postMessage(v) in the Worker, 'message' listener here.
//   tscb_js:     ThreadSafeCallback.fromShared(token).call(v) in the Worker.
// Both end in the same function, which adds the message (1 for a non-number)
// to a sum.
const path = require('path');
const { Worker } = require('worker_threads');
const { main, makeSink } = require('../lib/child');

// The JS API, or why it cannot be used.
function loadLibrary() {
  try {
    const { ThreadSafeCallback } = require('threadsafe-callback');
    if (typeof ThreadSafeCallback !== 'function' ||
        typeof ThreadSafeCallback.fromShared !== 'function') {
      return { missing: 'ThreadSafeCallback.fromShared is not available' };
    }
    return { ThreadSafeCallback };
  } catch (error) {
    return { missing: `require('threadsafe-callback') failed: ${error.message.split('\n')[0]}` };
  }
}

function ready(worker) {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function exited(worker) {
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', resolve);
  });
}

main(async ({ peer, workers, payload, count }) => {
  const sink = makeSink();
  const fn = (v) => sink.fn(typeof v === 'number' ? v : 1);
  let callback = null;
  let token = null;
  if (peer === 'tscb_js') {
    const { ThreadSafeCallback, missing } = loadLibrary();
    if (missing) return { skipped: missing };
    callback = new ThreadSafeCallback(fn);
    token = callback.share();
  }
  const go = new SharedArrayBuffer(4);
  const script = path.join(__dirname, 'worker-producer.js');
  const pool = [];
  for (let i = 0; i < workers; i++) {
    pool.push(new Worker(script, { workerData: { peer, token, payload, count, go } }));
  }
  await Promise.all(pool.map(ready));
  const ends = pool.map(exited);
  if (peer !== 'tscb_js') for (const worker of pool) worker.on('message', fn);

  const total = workers * count;
  const done = sink.expect(total);
  const t0 = process.hrtime.bigint();
  Atomics.store(new Int32Array(go), 0, 1);
  Atomics.notify(new Int32Array(go), 0);
  const outcome = await done;
  await Promise.all(ends);
  if (callback) callback.close();
  if (outcome === 'stalled') return { stalled: true, arrived: sink.count, expected: total };
  return { callsPerSecond: total / (Number(sink.doneAt - t0) / 1e9) };
});
