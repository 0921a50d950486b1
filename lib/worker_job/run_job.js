'use strict';
// A Worker job, the Worker's side: runJob() runs the work, sends its progress
// through the job's shared ThreadSafeCallback (in latest mode, holding back
// all but the newest value while one is still in flight), watches for the
// main thread's abort, and sends the result or the error last.
const { validateFunction } = require('../validate');
const { ABORTED, IN_FLIGHT, JOB_KEY, serializeError } = require('./protocol');

/**
 * In a Worker started by Job.worker(): runs `work({ data, reportProgress,
 * signal, throwIfAborted })` and sends its result (or what it throws) to the
 * main thread, after every progress value.
 */
function runJob(work) {
  const { isMainThread, workerData } = require('worker_threads');
  const meta = !isMainThread && workerData !== null && typeof workerData === 'object'
    ? workerData[JOB_KEY] : undefined;
  if (meta === undefined) {
    const error = new Error('runJob() runs only in a Worker started by Job.worker()');
    error.code = 'ERR_INVALID_STATE';
    Error.captureStackTrace(error, runJob);
    throw error;
  }
  validateFunction(work, 'work', runJob);
  const { ThreadSafeCallback } = require('../callback');
  const handle = ThreadSafeCallback.fromShared(meta.token);
  const flags = new Int32Array(meta.flags);
  const latest = meta.mode === 'latest';
  const controller = new AbortController();
  const port = meta.port;
  let seq = 0;
  let held = false;
  let heldValue;
  let heldSeq = 0;
  let timer = null;
  let failure = null;

  const checkAbort = () => {
    if (!controller.signal.aborted && Atomics.load(flags, ABORTED) === 1) controller.abort();
    return controller.signal.aborted;
  };
  port.on('message', checkAbort);

  const send = (value, number) => {
    if (latest) Atomics.add(flags, IN_FLIGHT, 1);
    try {
      if (!handle.call('progress', value, number) && latest) Atomics.sub(flags, IN_FLIGHT, 1);
    } catch (error) {
      if (latest) Atomics.sub(flags, IN_FLIGHT, 1);
      throw error;
    }
  };
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!held) return;
    held = false;
    const value = heldValue;
    heldValue = undefined;
    send(value, heldSeq);
  };
  const retry = () => {
    timer = null;
    if (!held) return;
    if (Atomics.load(flags, IN_FLIGHT) > 0) {
      timer = setTimeout(retry, 1);
      timer.unref();
      return;
    }
    try {
      flush();
    } catch (error) {
      failure = failure || error;
    }
  };

  function reportProgress(value) {
    checkAbort();
    seq++;
    if (!latest || Atomics.load(flags, IN_FLIGHT) === 0) {
      held = false;
      heldValue = undefined;
      send(value, seq);
      return;
    }
    held = true;
    heldValue = value;
    heldSeq = seq;
    if (timer === null) {
      timer = setTimeout(retry, 1);
      timer.unref();
    }
  }

  const context = {
    data: workerData.data,
    reportProgress,
    signal: controller.signal,
    throwIfAborted() {
      if (checkAbort()) throw controller.signal.reason;
    },
  };

  const done = (kind, payload) => {
    try {
      flush();
    } catch (error) {
      failure = failure || error;
    }
    if (failure !== null && kind === 'result') {
      kind = 'error';
      payload = serializeError(failure);
    }
    const aborted = Atomics.load(flags, ABORTED) === 1;
    try {
      handle.call(kind, payload, seq, aborted);
    } catch (error) {  // a result that cannot be copied
      handle.call('error', serializeError(error), seq, aborted);
    }
    handle.release();
    port.close();
  };
  Promise.resolve()
    .then(() => work(context))
    .then((result) => done('result', result), (error) => done('error', serializeError(error)));
}

module.exports = { runJob };
