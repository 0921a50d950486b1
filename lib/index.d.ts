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
