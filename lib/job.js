'use strict';
// A job: a long computation, native (tscb::StartProgressWorker) or in a
// Worker (Job.worker + runJob), seen from JavaScript as one object that is
// awaitable (its result), an EventEmitter of 'progress', and an async
// iterator over progress, cancelled by an AbortSignal.
//
// This file is the object and its options. A Worker job's two sides are in
// worker_job/: start_worker.js (the main thread's) and run_job.js (the
// Worker's). Loading this file never loads the compiled binding: Job.worker()
// and runJob() load it when first called.
const { EventEmitter } = require('events');
const { invalidArgType, invalidArgValue } = require('./errors');
const { validateFunction, validateOptions } = require('./validate');
const { startWorker } = require('./worker_job/start_worker');

const MODES = ['queue', 'latest'];
// One default for native and Worker jobs: every value arrives, in order.
// 'latest' is asked for where only the newest value matters.
const DEFAULT_MODE = 'queue';

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
    validateFunction(start, 'start', Job);
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

/** `new Job(start, options)`. */
function job(start, options) {
  return new Job(start, options);
}

module.exports = { Job, job };
