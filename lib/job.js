'use strict';
// A job: a long computation, native (tscb::StartProgressWorker) or in a
// Worker (Job.worker + runJob), seen from JavaScript as one object that is
// awaitable (its result), an EventEmitter of 'progress', and an async
// iterator over progress, cancelled by an AbortSignal.
//
// Loading this file never loads the compiled binding: Job.worker() and
// runJob() load it when first called.
const { EventEmitter } = require('events');
const { abortError, invalidArgType, invalidArgValue } = require('./errors');

const MODES = ['queue', 'latest'];
// One default for native and Worker jobs: every value arrives, in order.
// 'latest' is asked for where only the newest value matters.
const DEFAULT_MODE = 'queue';

// The key under which Job.worker() passes a job's plumbing in workerData.
const JOB_KEY = 'threadsafe-callback:job';

// Int32 slots of the buffer a Worker job shares with the main thread.
const ABORTED = 0;    // 1 once the main thread's signal aborted
const IN_FLIGHT = 1;  // latest mode: progress calls sent but not yet delivered

function validateOptions(options, callSite) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalidArgType('options', 'of type object', options, callSite);
  }
  return options;
}

function validateMode(mode, callSite) {
  if (mode === undefined) return;
  if (typeof mode !== 'string') {
    throw invalidArgType('options.mode', 'of type string', mode, callSite);
  }
  if (!MODES.includes(mode)) {
    throw invalidArgValue('options.mode', mode, "must be one of: 'queue', 'latest'", callSite);
  }
}

function validateSignal(signal, callSite) {
  if (signal === undefined) return;
  if (!(signal instanceof AbortSignal)) {
    throw invalidArgType('options.signal', 'an instance of AbortSignal', signal, callSite);
  }
}

class Job extends EventEmitter {
  #result;
  #mode;
  #delivered = 0;
  #reported = 0;
  #state = 'running';
  #error;
  #iterators = new Set();

  /**
   * Starts a job: `start(controls)` must start the work and return a promise
   * of its result; `controls` is `{ onProgress(value, seq), signal?, mode }`,
   * what a native function made with tscb::StartProgressWorker takes.
   */
  constructor(start, options) {
    super();
    if (typeof start !== 'function') {
      throw invalidArgType('start', 'of type function', start, Job);
    }
    const { mode, signal } = validateOptions(options, Job);
    validateMode(mode, Job);
    validateSignal(signal, Job);
    // The mode is always named, so that both sides agree without the native
    // side writing into `controls`.
    this.#mode = mode ?? DEFAULT_MODE;
    const controls = { onProgress: (value, seq) => this.#onProgress(value, seq), mode: this.#mode };
    if (signal !== undefined) controls.signal = signal;
    const started = start(controls);
    if (started === null || typeof started !== 'object' || typeof started.then !== 'function') {
      throw invalidArgType('start', 'a function that returns a Promise', started, Job);
    }
    this.#result = Promise.resolve(started).then(
      (value) => {
        this.#settle('fulfilled', value);
        return value;
      },
      (error) => {
        this.#settle('rejected', error);
        throw error;
      },
    );
  }

  /**
   * Runs `filename` in a Worker whose code calls runJob(); the Worker's
   * progress comes back through a shared ThreadSafeCallback.
   */
  static worker(filename, options) {
    const { workerData, mode = DEFAULT_MODE, signal, ...workerOptions } =
      validateOptions(options, Job.worker);
    validateMode(mode, Job.worker);
    validateSignal(signal, Job.worker);
    return new Job((controls) => startWorker(filename, workerData, workerOptions, controls),
      { mode, signal });
  }

  /** 'queue' or 'latest'. */
  get mode() {
    return this.#mode;
  }

  /** 'running', 'fulfilled' or 'rejected'. */
  get state() {
    return this.#state;
  }

  /** Progress values delivered to this thread so far. */
  get delivered() {
    return this.#delivered;
  }

  /** Progress values the work reported so far, as far as this thread knows. */
  get reported() {
    return this.#reported;
  }

  /** Reported values that were never delivered: replaced by newer ones (latest mode). */
  get coalesced() {
    return this.#reported - this.#delivered;
  }

  then(onFulfilled, onRejected) {
    return this.#result.then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.#result.catch(onRejected);
  }

  finally(onFinally) {
    return this.#result.finally(onFinally);
  }

  /**
   * Progress values from now on, then done when the job fulfills; throws the
   * job's error when it rejects. In latest mode only the newest value waits
   * for a slow consumer.
   */
  [Symbol.asyncIterator]() {
    const reader = { buffer: [], waiter: null };
    this.#iterators.add(reader);
    const iterator = {
      next: () => {
        if (reader.buffer.length > 0) {
          return Promise.resolve({ value: reader.buffer.shift(), done: false });
        }
        if (this.#state !== 'running' || !this.#iterators.has(reader)) {
          this.#iterators.delete(reader);
          return this.#end();
        }
        return new Promise((resolve, reject) => {
          reader.waiter = { resolve, reject };
        });
      },
      return: () => {
        this.#iterators.delete(reader);
        reader.buffer.length = 0;
        if (reader.waiter !== null) reader.waiter.resolve({ value: undefined, done: true });
        reader.waiter = null;
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  #onProgress(value, seq) {
    this.#delivered++;
    this.#reported = typeof seq === 'number' ? Math.max(this.#reported, seq) : this.#delivered;
    for (const reader of this.#iterators) {
      if (reader.waiter !== null) {
        reader.waiter.resolve({ value, done: false });
        reader.waiter = null;
      } else if (this.#mode === 'latest') {
        reader.buffer[0] = value;
      } else {
        reader.buffer.push(value);
      }
    }
    this.emit('progress', value);
  }

  #settle(state, outcome) {
    this.#state = state;
    if (state === 'rejected') this.#error = outcome;
    for (const reader of this.#iterators) {
      if (reader.waiter === null) continue;
      this.#iterators.delete(reader);
      this.#end().then(reader.waiter.resolve, reader.waiter.reject);
      reader.waiter = null;
    }
  }

  // What an iterator returns once the job has settled.
  #end() {
    if (this.#state === 'rejected') {
      this.#result.catch(() => {});  // the iterator reported it
      return Promise.reject(this.#error);
    }
    return Promise.resolve({ value: undefined, done: true });
  }
}

/** `new Job(start, options)`. */
function job(start, options) {
  return new Job(start, options);
}

// ---- Worker jobs: the main thread's side -----------------------------------

// An Error rebuilt from what runJob() sent: same name, message, code; the
// Worker's stack.
function reviveError(sent) {
  const Base = typeof globalThis[sent.name] === 'function' &&
    globalThis[sent.name].prototype instanceof Error ? globalThis[sent.name] : Error;
  const error = new Base(sent.message);
  if (Base === Error && sent.name !== 'Error') error.name = sent.name;
  if (sent.code !== undefined) error.code = sent.code;
  if (typeof sent.stack === 'string') error.stack = sent.stack;
  return error;
}

function startWorker(filename, data, workerOptions, controls) {
  const { Worker, MessageChannel } = require('worker_threads');
  const { ThreadSafeCallback } = require('./callback');
  const { signal, onProgress } = controls;
  if (signal !== undefined && signal.aborted) return Promise.reject(abortError(signal.reason));
  const latest = controls.mode === 'latest';
  const flags = new Int32Array(new SharedArrayBuffer(8));
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

// ---- Worker jobs: the Worker's side -----------------------------------------

function serializeError(thrown) {
  if (thrown instanceof Error) {
    const sent = { name: String(thrown.name), message: String(thrown.message) };
    if (typeof thrown.stack === 'string') sent.stack = thrown.stack;
    if (typeof thrown.code === 'string' || typeof thrown.code === 'number') sent.code = thrown.code;
    return sent;
  }
  let message;
  try {
    message = String(thrown);
  } catch {
    message = 'a thrown value that cannot be converted to a string';
  }
  return { name: 'Error', message };
}

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
  if (typeof work !== 'function') throw invalidArgType('work', 'of type function', work, runJob);
  const { ThreadSafeCallback } = require('./callback');
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

module.exports = { Job, job, runJob };
