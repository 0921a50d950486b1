'use strict';
// The ThreadSafeCallback class: argument checks in JS, everything else in the
// binding. The methods (call, close, closed, pending, stats, ref, unref,
// share) are the binding's own, inherited unchanged: no JS step on call().
const binding = require('./binding');
const { invalidArgType, invalidArgValue, outOfRange } = require('./errors');
const { validateFunction, validateOptions } = require('./validate');

// keepAlive -> the binding's code.
const KEEP_ALIVE_ALWAYS = 0;
const KEEP_ALIVE_PENDING = 1;
const KEEP_ALIVE_NEVER = 2;

// The token's format is the binding's (src/binding/token_table.cc).
const TOKEN_EXPECTED = 'a token returned by ThreadSafeCallback#share()';

// An optional integer option: undefined, or a safe integer >= min.
function validateCount(value, name, min) {
  if (value === undefined) return;
  if (typeof value !== 'number') {
    throw invalidArgType(name, 'of type number', value, ThreadSafeCallback);
  }
  if (!Number.isSafeInteger(value) || value < min) {
    throw outOfRange(name, `an integer >= ${min}`, value, ThreadSafeCallback);
  }
}

function validateKeepAlive(value) {
  if (value === undefined || value === true) return KEEP_ALIVE_ALWAYS;
  if (value === false) return KEEP_ALIVE_NEVER;
  if (value === 'pending') return KEEP_ALIVE_PENDING;
  if (value === null || typeof value === 'string') {
    throw invalidArgValue('options.keepAlive', value, "must be one of: true, false, 'pending'",
      ThreadSafeCallback);
  }
  throw invalidArgType('options.keepAlive', 'of type boolean or string', value, ThreadSafeCallback);
}

class ThreadSafeCallback extends binding.ThreadSafeCallback {
  constructor(fn, options) {
    validateFunction(fn, 'fn', ThreadSafeCallback);
    const { thisArg, maxQueueSize, keepAlive, drainLimit, onError, onFinished } =
      validateOptions(options, ThreadSafeCallback);
    if (thisArg !== undefined && (thisArg === null ||
        (typeof thisArg !== 'object' && typeof thisArg !== 'function'))) {
      throw invalidArgType('options.thisArg', 'of type object or function', thisArg,
        ThreadSafeCallback);
    }
    validateCount(maxQueueSize, 'options.maxQueueSize', 0);
    validateCount(drainLimit, 'options.drainLimit', 1);
    const keepAliveCode = validateKeepAlive(keepAlive);
    if (onError !== undefined) validateFunction(onError, 'options.onError', ThreadSafeCallback);
    if (onFinished !== undefined) {
      validateFunction(onFinished, 'options.onFinished', ThreadSafeCallback);
    }
    super(fn, thisArg, maxQueueSize, keepAliveCode, drainLimit, onError, onFinished);
  }

  static fromShared(token) {
    if (!binding.isToken(token)) {
      throw invalidArgType('token', TOKEN_EXPECTED, token, ThreadSafeCallback.fromShared);
    }
    return binding.redeem(token);
  }
}

module.exports = { ThreadSafeCallback };
