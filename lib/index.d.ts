// Type declarations for threadsafe-callback. See docs/api.md.

/**
 * A value that `call()` copies to the owner's thread: `undefined`, `null`,
 * booleans, numbers, bigints, strings, `ArrayBuffer`, typed arrays, `Buffer`,
 * `DataView`, and arrays and plain objects (prototype `Object.prototype` or
 * `null`) of those, nested. Each arrives as the same kind of value; a
 * null-prototype object arrives as an ordinary object, a view arrives over a
 * buffer of its own. Anything else (functions, symbols, class instances,
 * Proxies, cycles) makes `call()` throw a `TypeError`.
 */
export type Copyable =
  | undefined
  | null
  | boolean
  | number
  | bigint
  | string
  | ArrayBuffer
  | ArrayBufferView
  | readonly Copyable[]
  | { readonly [key: string]: Copyable };

/**
 * Whether an open callback keeps its owner's event loop alive: `true` always
 * (like a ref'd timer, the default), `false` never (like an unref'd timer),
 * `'pending'` only while accepted calls wait to run.
 */
export type KeepAlive = boolean | 'pending';

/** Options of `new ThreadSafeCallback(fn, options)`. */
export interface ThreadSafeCallbackOptions<This = unknown> {
  /** `this` for `fn`: an object or a function. Default: `undefined`. */
  thisArg?: This;
  /**
   * At most this many accepted calls wait to run; `call()` returns `false`
   * beyond it. An integer >= 0; `0` (the default) means unbounded.
   */
  maxQueueSize?: number;
  /** See {@link KeepAlive}. Default: `true`. */
  keepAlive?: KeepAlive;
  /**
   * Calls run per event-loop turn before yielding to timers and I/O. An
   * integer >= 1. Default: 1024.
   */
  drainLimit?: number;
  /**
   * Receives what `fn` throws, instead of `'uncaughtException'`. If `onError`
   * throws in turn, that goes to `'uncaughtException'`.
   */
  onError?: (error: unknown) => void;
  /**
   * Called once, on the owner's thread, when the callback is finished: every
   * accepted call has run or been dropped. `reason` is `'closed'` (`close()`)
   * or `'released'` (the last reference went and every accepted call ran);
   * never called at teardown, where JavaScript cannot run. `this` is
   * `undefined`; what it throws is reported like what `fn` throws.
   */
  onFinished?: (event: ThreadSafeCallbackFinish) => void;
}

/** What `onFinished` receives. */
export interface ThreadSafeCallbackFinish {
  /** The final counters. */
  stats: ThreadSafeCallbackStats;
  /** Why the callback finished. */
  reason: 'released' | 'closed';
}

/** Counters since creation, as returned by `stats()`. */
export interface ThreadSafeCallbackStats {
  /** Calls that returned `true`. */
  accepted: number;
  /** Calls whose `fn` ran. */
  run: number;
  /** Accepted calls that never ran: the callback closed first. */
  dropped: number;
  /** Calls refused because the bounded queue was full. */
  rejectedFull: number;
  /** Calls refused because the callback was closed (not those of released handles). */
  rejectedClosed: number;
  /** Times the owner's thread woke up to run calls. */
  wakeups: number;
  /** Most calls run in one wake-up. */
  maxBatch: number;
}

declare const tokenBrand: unique symbol;

/**
 * What `share()` returns: a string that can be passed to Workers
 * (`workerData`, `postMessage`) and redeemed there with
 * `ThreadSafeCallback.fromShared()`, any number of times. A token holds no
 * reference: a callback that is gone redeems to a closed handle.
 */
export type ThreadSafeCallbackToken = string & { readonly [tokenBrand]: true };

/**
 * A function on one thread that any thread may call. `fn` runs on the thread
 * that created the callback, with copies of the arguments given to `call()`.
 */
export declare class ThreadSafeCallback<Args extends Copyable[] = Copyable[], This = unknown> {
  /**
   * Wraps `fn`, to run on this thread.
   * @throws {TypeError} `ERR_INVALID_ARG_TYPE` for a value of the wrong type,
   *   `ERR_INVALID_ARG_VALUE` for a `keepAlive` that is not allowed.
   * @throws {RangeError} `ERR_OUT_OF_RANGE` for a limit that is not an
   *   integer in range.
   */
  constructor(fn: (this: This, ...args: Args) => unknown, options?: ThreadSafeCallbackOptions<This>);

  /**
   * Queues a call of `fn` with copies of `args`, on the owner's thread, later.
   * Returns `true` when accepted, `false` when refused (closed, or the bounded
   * queue is full).
   * @throws {TypeError} `ERR_INVALID_ARG_TYPE`, naming the path of a value
   *   that cannot be copied (e.g. `args[1].foo`); nothing is queued.
   */
  call(...args: Args): boolean;

  /**
   * Closes the callback at once: calls already accepted but not run are
   * dropped, later calls return `false`. Idempotent.
   */
  close(): void;

  /** `true` once the callback is closed (by `close()` or its thread's end). */
  readonly closed: boolean;

  /** Accepted calls not yet run (approximate while other threads call). */
  readonly pending: number;

  /** The counters since creation; a new object each time. */
  stats(): ThreadSafeCallbackStats;

  /** Keeps the owner's event loop alive while open (`keepAlive: true`). Returns `this`. */
  ref(): this;

  /** Lets the owner's event loop exit while open (`keepAlive: false`). Returns `this`. */
  unref(): this;

  /** A token for Workers; the same one every time. */
  share(): ThreadSafeCallbackToken;

  /**
   * A handle, in this thread, to the callback `token` names. It holds a
   * reference until `release()`, garbage collection or this thread's end.
   * For a callback that is closed or gone, a handle whose `call()` returns
   * `false`.
   * @throws {TypeError} `ERR_INVALID_ARG_TYPE` for something that is not a token.
   */
  static fromShared<Args extends Copyable[] = Copyable[]>(
    token: ThreadSafeCallbackToken | string,
  ): ThreadSafeCallbackHandle<Args>;
}

/** A shared handle from `ThreadSafeCallback.fromShared()`, usable in its own thread. */
export interface ThreadSafeCallbackHandle<Args extends Copyable[] = Copyable[]> {
  /**
   * Like the owner's `call()`: queues `fn(...copies of args)` on the owner's
   * thread. Returns `false` when refused (closed, released, queue full).
   * @throws {TypeError} `ERR_INVALID_ARG_TYPE` for a value that cannot be copied.
   */
  call(...args: Args): boolean;

  /** Drops this handle's reference; `call()` then returns `false`. Idempotent. */
  release(): void;

  /** `true` once released, or once the owner's callback is closed. */
  readonly closed: boolean;

  /** The owner's accepted calls not yet run (approximate). */
  readonly pending: number;

  /** The token this handle was redeemed from. */
  share(): ThreadSafeCallbackToken;
}

/** Absolute path of the folder holding `threadsafe_callback.h`, for `binding.gyp`. */
export declare const include_dir: string;

/** `<absolute path to a .gyp file>:<target>`, for `binding.gyp` dependencies. */
export declare const gyp: string;

// ---- Jobs with progress (docs/progress.md) ----------------------------------

import { EventEmitter } from 'events';

/**
 * How progress values reach this thread: `'queue'` delivers every value in
 * the order reported; `'latest'` coalesces them, delivering the newest at each
 * turn of the event loop, and always the last one.
 */
export type ProgressMode = 'queue' | 'latest';

/**
 * What a job's start function receives; also what a native function made with
 * `tscb::StartProgressWorker` takes as its controls argument.
 */
export interface JobControls<P = unknown> {
  /** Called on this thread with each delivered value and how many were reported so far. */
  onProgress(value: P, seq?: number): void;
  /** Cancels the work: it stops, and the job rejects with an `AbortError`. */
  signal?: AbortSignal;
  /**
   * The mode to use. A `Job` always names it; a native start never writes
   * into this object. Absent: the native side's `ProgressWorkerOptions::mode`
   * (default `'queue'`).
   */
  mode?: ProgressMode;
}

/** Options of `new Job(start, options)` and `job(start, options)`. */
export interface JobOptions {
  /** See {@link ProgressMode}. Default: `'queue'`, sent to the start function as `controls.mode`. */
  mode?: ProgressMode;
  /** Cancels the job. An already aborted signal rejects it before the work starts. */
  signal?: AbortSignal;
}

/** Options of `Job.worker(filename, options)`: a job's, plus the Worker's own. */
export interface WorkerJobOptions<D = unknown> {
  /** Arrives in the Worker as `data` in the context of `runJob()`; copied like `workerData`. */
  workerData?: D;
  /** See {@link ProgressMode}. Default: `'queue'`. */
  mode?: ProgressMode;
  /** Cancels the job: the Worker's `signal` aborts and `throwIfAborted()` throws. */
  signal?: AbortSignal;
  /** Any other option of `new Worker()` (`argv`, `env`, `resourceLimits`, ...). */
  [workerOption: string]: unknown;
}

/** The state of a job. */
export type JobState = 'running' | 'fulfilled' | 'rejected';

/**
 * A long computation, native or in a Worker: awaitable (its result), an
 * EventEmitter of `'progress'`, and an async iterator over progress values.
 * It rejects with the work's error, or with an `AbortError` (name
 * `'AbortError'`, code `'ABORT_ERR'`, `cause`: the signal's reason) when its
 * signal aborted before the work returned.
 */
export declare class Job<T = unknown, P = unknown> extends EventEmitter
  implements PromiseLike<T>, AsyncIterable<P> {
  /**
   * Starts the work: `start(controls)` must start it and return a promise of
   * its result, e.g. `(controls) => addon.compute(input, controls)`.
   * @throws {TypeError} `ERR_INVALID_ARG_TYPE` / `ERR_INVALID_ARG_VALUE` for a
   *   bad argument, or whatever `start` throws.
   */
  constructor(start: (controls: JobControls<P>) => PromiseLike<T>, options?: JobOptions);

  /**
   * Runs `filename` in a new Worker whose code calls `runJob()`. The Worker's
   * progress comes back through a shared `ThreadSafeCallback`.
   */
  static worker<T = unknown, P = unknown>(filename: string | URL, options?: WorkerJobOptions): Job<T, P>;

  /** The progress mode in use. */
  readonly mode: ProgressMode;
  /** `'running'` until the result or the error is known. */
  readonly state: JobState;
  /** Progress values delivered to this thread so far. */
  readonly delivered: number;
  /** Progress values the work reported so far, as far as this thread knows. */
  readonly reported: number;
  /** `reported - delivered`: values replaced by newer ones before delivery. */
  readonly coalesced: number;

  /** Like a Promise's: the job's result or error. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2>;
  /** Like a Promise's. */
  catch<R = never>(onRejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<T | R>;
  /** Like a Promise's. */
  finally(onFinally?: (() => void) | null): Promise<T>;

  /** `'progress'`: each delivered value, on this thread. */
  on(event: 'progress', listener: (value: P) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  /** Like `on`, for one value. */
  once(event: 'progress', listener: (value: P) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
  /** Removes a listener. */
  off(event: 'progress', listener: (value: P) => void): this;
  off(event: string | symbol, listener: (...args: any[]) => void): this;

  /**
   * Progress values from now on; ends when the job fulfills, throws its error
   * when it rejects. In latest mode only the newest value waits for a slow reader.
   */
  [Symbol.asyncIterator](): AsyncIterator<P>;
}

/** `new Job(start, options)`. */
export declare function job<T = unknown, P = unknown>(
  start: (controls: JobControls<P>) => PromiseLike<T>,
  options?: JobOptions,
): Job<T, P>;

/** What the work of a Worker job receives. */
export interface JobContext<D = unknown> {
  /** `workerData` given to `Job.worker()`. */
  data: D;
  /**
   * Sends a progress value to the main thread (copied as by `call()`). In
   * latest mode a value is held while the previous one is still on its way,
   * and sent when it arrived or when the work returns.
   * @throws {TypeError} `ERR_INVALID_ARG_TYPE` for a value that cannot be copied.
   */
  reportProgress(value: Copyable): void;
  /** Aborts when the main thread's signal does (seen at each reportProgress() or throwIfAborted()). */
  signal: AbortSignal;
  /** Throws the signal's reason once the main thread's signal aborted, even mid-loop. */
  throwIfAborted(): void;
}

/**
 * In a Worker started by `Job.worker()`: runs `work(context)` and sends its
 * result (or what it throws) to the main thread, after every progress value.
 * @throws {Error} `ERR_INVALID_STATE` anywhere else.
 */
export declare function runJob<D = unknown, T extends Copyable = Copyable>(
  work: (context: JobContext<D>) => T | PromiseLike<T>,
): void;
