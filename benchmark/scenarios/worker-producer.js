'use strict';
// One Worker of the Worker scenario: waits for the go signal, then sends
// `count` messages to the main thread as fast as it can, through the peer.
const { parentPort, workerData } = require('worker_threads');
const payloads = require('./worker-payloads');

const { peer, token, payload, count, go } = workerData;
const value = payloads[payload];

let send;
let release = () => {};
if (peer === 'tscb_js') {
  const { ThreadSafeCallback } = require('threadsafe-callback');
  const handle = ThreadSafeCallback.fromShared(token);
  send = (v) => handle.call(v);
  release = () => handle.release();
} else {
  send = (v) => {
    parentPort.postMessage(v);
    return true;
  };
}

const flag = new Int32Array(go);
parentPort.postMessage('ready');
Atomics.wait(flag, 0, 0);
let rejected = 0;
for (let i = 0; i < count; i++) {
  if (!send(value)) rejected++;
}
release();
if (rejected) throw new Error(`${rejected} calls rejected`);
