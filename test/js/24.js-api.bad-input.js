'use strict';
const assert = require('assert');
const { load, tracker, turn, until } = require('./support/helpers');

const { ThreadSafeCallback } = load();

const noop = () => {};
const make = (options) => () => new ThreadSafeCallback(noop, options);

function cycleObject() {
  const value = { a: { b: {} } };
  value.a.b.back = value.a;
  return value;
}

function cycleArray() {
  const value = [1];
  value.push(value);
  return value;
}

function deep(levels) {
  let value = 0;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

class Point {
  constructor() {
    this.x = 1;
  }
}
class MyArray extends Array {}
class MyBytes extends Uint8Array {}

// [what, (cb) => the bad call, error class, code, a piece of the message]
const cases = [
  // the constructor: fn
  ['fn missing', () => new ThreadSafeCallback(), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "fn" argument must be of type function. Received undefined'],
  ['fn a number', () => new ThreadSafeCallback(42), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "fn" argument must be of type function. Received type number (42)'],
  ['fn a string', () => new ThreadSafeCallback('noop'), TypeError, 'ERR_INVALID_ARG_TYPE', '"fn" argument'],
  ['fn an object', () => new ThreadSafeCallback({}), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Object'],
  // the constructor: options
  ['options null', make(null), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "options" argument must be of type object. Received null'],
  ['options a number', make(5), TypeError, 'ERR_INVALID_ARG_TYPE', '"options" argument'],
  ['options a string', make('x'), TypeError, 'ERR_INVALID_ARG_TYPE', '"options" argument'],
  ['options an array', make([]), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Array'],
  ['thisArg a number', make({ thisArg: 1 }), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "options.thisArg" property must be of type object or function. Received type number (1)'],
  ['thisArg null', make({ thisArg: null }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.thisArg" property'],
  ['thisArg a string', make({ thisArg: 's' }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.thisArg" property'],
  ['thisArg a symbol', make({ thisArg: Symbol('s') }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.thisArg" property'],
  ['maxQueueSize a string', make({ maxQueueSize: '5' }), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "options.maxQueueSize" property must be of type number. Received type string (\'5\')'],
  ['maxQueueSize a bigint', make({ maxQueueSize: 10n }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.maxQueueSize"'],
  ['maxQueueSize -1', make({ maxQueueSize: -1 }), RangeError, 'ERR_OUT_OF_RANGE',
    'The value of "options.maxQueueSize" is out of range. It must be an integer >= 0. Received -1'],
  ['maxQueueSize 1.5', make({ maxQueueSize: 1.5 }), RangeError, 'ERR_OUT_OF_RANGE', 'Received 1.5'],
  ['maxQueueSize NaN', make({ maxQueueSize: NaN }), RangeError, 'ERR_OUT_OF_RANGE', 'Received NaN'],
  ['maxQueueSize Infinity', make({ maxQueueSize: Infinity }), RangeError, 'ERR_OUT_OF_RANGE', 'Received Infinity'],
  ['drainLimit 0', make({ drainLimit: 0 }), RangeError, 'ERR_OUT_OF_RANGE',
    'The value of "options.drainLimit" is out of range. It must be an integer >= 1. Received 0'],
  ['drainLimit 2^53', make({ drainLimit: 2 ** 53 }), RangeError, 'ERR_OUT_OF_RANGE', 'Received 9_007_199_254_740_992'],
  ['drainLimit a string', make({ drainLimit: '1' }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.drainLimit" property'],
  ['keepAlive a number', make({ keepAlive: 1 }), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "options.keepAlive" property must be of type boolean or string. Received type number (1)'],
  ['keepAlive an object', make({ keepAlive: {} }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.keepAlive" property'],
  ['keepAlive \'bogus\'', make({ keepAlive: 'bogus' }), TypeError, 'ERR_INVALID_ARG_VALUE',
    'The property \'options.keepAlive\' must be one of: true, false, \'pending\'. Received \'bogus\''],
  ['keepAlive \'PENDING\'', make({ keepAlive: 'PENDING' }), TypeError, 'ERR_INVALID_ARG_VALUE', 'Received \'PENDING\''],
  ['keepAlive null', make({ keepAlive: null }), TypeError, 'ERR_INVALID_ARG_VALUE', 'Received null'],
  ['onError a string', make({ onError: 'x' }), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "options.onError" property must be of type function. Received type string (\'x\')'],
  ['onError null', make({ onError: null }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.onError" property'],
  ['onError an object', make({ onError: {} }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.onError" property'],
  ['onFinished a string', make({ onFinished: 'x' }), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "options.onFinished" property must be of type function. Received type string (\'x\')'],
  ['onFinished null', make({ onFinished: null }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.onFinished" property'],
  ['onFinished an object', make({ onFinished: {} }), TypeError, 'ERR_INVALID_ARG_TYPE', '"options.onFinished" property'],
  // call(): values that cannot be copied
  ['a function', (cb) => cb.call(function named() {}), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "args[0]" argument must be a copyable value (undefined, null, boolean, number, bigint, string, ' +
    'ArrayBuffer, TypedArray, Buffer, DataView, Array or plain Object). Received function named'],
  ['a symbol', (cb) => cb.call(1, Symbol('s')), TypeError, 'ERR_INVALID_ARG_TYPE',
    '"args[1]" argument must be a copyable value'],
  ['a Map', (cb) => cb.call(new Map()), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Map'],
  ['a Set', (cb) => cb.call(new Set()), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Set'],
  ['a Date', (cb) => cb.call(new Date(0)), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Date'],
  ['a RegExp', (cb) => cb.call(/x/), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of RegExp'],
  ['a Promise', (cb) => cb.call(Promise.resolve()), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Promise'],
  ['a WeakMap', (cb) => cb.call(new WeakMap()), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of WeakMap'],
  ['an Error', (cb) => cb.call(new Error('e')), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Error'],
  ['a boxed number', (cb) => cb.call(new Number(1)), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Number'], // eslint-disable-line no-new-wrappers
  ['a class instance', (cb) => cb.call(new Point()), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of Point'],
  ['an Array subclass', (cb) => cb.call(MyArray.from([1])), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of MyArray'],
  ['a Uint8Array subclass', (cb) => cb.call(new MyBytes(1)), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received an instance of MyBytes'],
  ['a SharedArrayBuffer', (cb) => cb.call(new SharedArrayBuffer(1)), TypeError, 'ERR_INVALID_ARG_TYPE',
    'Received an instance of SharedArrayBuffer'],
  ['a Proxy', (cb) => cb.call(new Proxy({}, {})), TypeError, 'ERR_INVALID_ARG_TYPE', '"args[0]" argument must be a copyable value (undefined, null, boolean, number, bigint, string, ArrayBuffer, TypedArray, Buffer, DataView, Array or plain Object). Received a Proxy'],
  ['a Proxy of an array, nested', (cb) => cb.call({ list: new Proxy([], {}) }), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "args[0].list" property must be a copyable value'],
  ['a nested function names its path', (cb) => cb.call(0, { nested: { list: [1, { fn() {} }] } }), TypeError,
    'ERR_INVALID_ARG_TYPE', 'The "args[1].nested.list[1].fn" property must be a copyable value'],
  ['a key that is not an identifier is quoted in the path', (cb) => cb.call({ 'a b': [noop] }), TypeError,
    'ERR_INVALID_ARG_TYPE', 'The "args[0]["a b"][0]" property'],
  ['a cycle through objects', (cb) => cb.call(cycleObject()), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "args[0].a.b.back" property must be a copyable value (undefined, null, boolean, number, bigint, string, ' +
    'ArrayBuffer, TypedArray, Buffer, DataView, Array or plain Object). Received a circular reference to "args[0].a"'],
  ['a cycle through an array', (cb) => cb.call('x', cycleArray()), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "args[1][1]" property must be a copyable value (undefined, null, boolean, number, bigint, string, ' +
    'ArrayBuffer, TypedArray, Buffer, DataView, Array or plain Object). Received a circular reference to "args[1]"'],
  ['a getter that throws', (cb) => cb.call({ get bad() { throw new Error('getter failed'); } }), TypeError,
    'ERR_INVALID_ARG_TYPE', 'The "args[0].bad" property must be a copyable value (undefined, null, boolean, number, ' +
    'bigint, string, ArrayBuffer, TypedArray, Buffer, DataView, Array or plain Object). Received an exception from ' +
    'its getter: getter failed'],
  ['nesting 1001 levels deep (a long path is shortened)', (cb) => cb.call(deep(1001)), TypeError,
    'ERR_INVALID_ARG_TYPE', `The "args[0]${'[0]'.repeat(11)}<979 more>${'[0]'.repeat(10)}" property must be a ` +
    'copyable value (undefined, null, boolean, number, bigint, string, ArrayBuffer, TypedArray, Buffer, DataView, ' +
    'Array or plain Object). Received a value nested more than 1000 levels deep'],
  ['a bad value after good ones', (cb) => cb.call(1, 'two', [3], noop), TypeError, 'ERR_INVALID_ARG_TYPE',
    '"args[3]" argument'],
  // fromShared()
  ['fromShared() with no token', () => ThreadSafeCallback.fromShared(), TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "token" argument must be a token returned by ThreadSafeCallback#share(). Received undefined'],
  ['fromShared(42)', () => ThreadSafeCallback.fromShared(42), TypeError, 'ERR_INVALID_ARG_TYPE', 'Received type number (42)'],
  ['fromShared(\'hello\')', () => ThreadSafeCallback.fromShared('hello'), TypeError, 'ERR_INVALID_ARG_TYPE',
    'Received type string (\'hello\')'],
  ['fromShared({})', () => ThreadSafeCallback.fromShared({}), TypeError, 'ERR_INVALID_ARG_TYPE', '"token" argument'],
  ['fromShared of a mangled token', (cb) => ThreadSafeCallback.fromShared(`${cb.share()}x`), TypeError,
    'ERR_INVALID_ARG_TYPE', '"token" argument'],
];

describe('24. bad input: the exact error, nothing queued, the callback still works', function () {
  const t = tracker();
  let cb;
  let received;
  beforeEach(() => {
    received = [];
    cb = t.track(new ThreadSafeCallback((...args) => received.push(args)));
  });
  afterEach(() => t.closeAll());

  it(`covers at least 30 bad arguments and options (${cases.length})`, function () {
    assert.ok(cases.length >= 30);
  });

  for (const [what, act, Class, code, message] of cases) {
    it(`${what}: ${Class.name} ${code}`, async function () {
      let error;
      try {
        act(cb);
      } catch (caught) {
        error = caught;
      }
      assert.ok(error, 'no error was thrown');
      assert.strictEqual(error.constructor, Class, `${error.constructor.name}: ${error.message}`);
      assert.strictEqual(error.code, code, error.message);
      assert.ok(error.message.includes(message), `"${error.message}" lacks "${message}"`);
      assert.ok(error.stack.startsWith(`${Class.name} [${code}]: `), error.stack.split('\n')[0]);
      // Nothing was queued...
      assert.strictEqual(cb.pending, 0);
      assert.strictEqual(cb.stats().accepted, 0);
      await turn();
      assert.deepStrictEqual(received, []);
      // ...and the callback still works.
      assert.strictEqual(cb.call('still works', { ok: [1] }), true);
      await until(() => received.length > 0);
      await turn();
      assert.deepStrictEqual(received, [['still works', { ok: [1] }]]);
      assert.strictEqual(cb.stats().accepted, 1);
    });
  }

  it('a getter that throws: the error has what it threw as its cause', function () {
    const thrown = new Error('inner');
    assert.throws(() => cb.call({ get bad() { throw thrown; } }), (error) => error.cause === thrown);
  });

  it('a Proxy\'s traps are never run', function () {
    let trapped = 0;
    const handler = new Proxy({}, { get() { trapped++; return undefined; } });
    assert.throws(() => cb.call(new Proxy({ a: 1 }, handler)), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.strictEqual(trapped, 0);
  });
});
