'use strict';
const assert = require('assert');
const { deferred, load, tracker } = require('./support/helpers');

const { ThreadSafeCallback } = load();

describe('23. what call() copies, and how it arrives', function () {
  const t = tracker();
  let cb;
  let arrivals;
  before(() => {
    arrivals = [];
    cb = t.track(new ThreadSafeCallback((...args) => arrivals.shift().resolve(args)));
  });
  after(() => t.closeAll());

  // Sends `args` and resolves with the array of arguments fn received.
  function roundTrip(...args) {
    const arrival = deferred();
    arrivals.push(arrival);
    assert.strictEqual(cb.call(...args), true);
    return arrival.promise;
  }

  async function same(value) {
    const [got] = await roundTrip(value);
    assert.deepStrictEqual(got, value);
    return got;
  }

  const primitives = [
    ['undefined', undefined], ['null', null], ['true', true], ['false', false],
    ['0', 0], ['an int32', -123456], ['2^31', 2 ** 31], ['-2^31', -(2 ** 31)], ['2^53', 2 ** 53],
    ['1.5', 1.5], ['Number.MIN_VALUE', Number.MIN_VALUE], ['Infinity', Infinity],
    ['-Infinity', -Infinity], ['0n', 0n], ['-1n', -1n], ['2^64 n', 2n ** 64n],
    ['-(2^200) n', -(2n ** 200n)], ['an empty string', ''], ['an ASCII string', 'hello'],
    ['a Latin-1 string', 'héllo wörld ÿ'], ['a UTF-16 string', 'π € 😀'],
    ['a string of 63 chars', 'x'.repeat(63)], ['a string of 64 chars', 'é'.repeat(64)],
    ['a string with a lone surrogate', 'a\ud800b\udfff'], ['a string with NUL', 'a\0b'],
  ];
  for (const [name, value] of primitives) {
    it(`${name} arrives as the same value`, async function () {
      const [got] = await roundTrip(value);
      assert.ok(Object.is(got, value), `${String(got)} !== ${String(value)}`);
    });
  }

  it('-0 arrives as -0, NaN as NaN', async function () {
    const [minusZero, nan] = await roundTrip(-0, NaN);
    assert.ok(Object.is(minusZero, -0));
    assert.ok(Number.isNaN(nan));
  });

  it('a 1,000,000-character string arrives whole', async function () {
    const value = 'ab€'.repeat(333334);
    const [got] = await roundTrip(value);
    assert.strictEqual(got, value);
  });

  it('an ArrayBuffer arrives as an ArrayBuffer with the same bytes', async function () {
    const got = await same(Uint8Array.of(1, 2, 3, 250).buffer);
    assert.strictEqual(Object.getPrototypeOf(got), ArrayBuffer.prototype);
  });

  it('an empty ArrayBuffer arrives empty', async function () {
    await same(new ArrayBuffer(0));
  });

  it('a detached ArrayBuffer arrives as an empty one', async function () {
    const buffer = new ArrayBuffer(8);
    structuredClone(buffer, { transfer: [buffer] });
    const [got] = await roundTrip(buffer);
    assert.ok(got instanceof ArrayBuffer);
    assert.strictEqual(got.byteLength, 0);
  });

  const kinds = [
    [Int8Array, [-128, 0, 127]], [Uint8Array, [0, 1, 255]], [Uint8ClampedArray, [0, 128, 255]],
    [Int16Array, [-32768, 32767]], [Uint16Array, [0, 65535]], [Int32Array, [-(2 ** 31), 2 ** 31 - 1]],
    [Uint32Array, [0, 2 ** 32 - 1]], [Float32Array, [1.5, -0, NaN]], [Float64Array, [Math.PI, -0, NaN]],
    [BigInt64Array, [-(2n ** 63n), 2n ** 63n - 1n]], [BigUint64Array, [0n, 2n ** 64n - 1n]],
  ];
  for (const [Kind, values] of kinds) {
    it(`a ${Kind.name} arrives as a ${Kind.name} with the same elements`, async function () {
      const got = await same(Kind.from(values));
      assert.strictEqual(Object.getPrototypeOf(got), Kind.prototype);
    });
  }

  it('a typed array view arrives with just its own elements, at offset 0 of a buffer of its own', async function () {
    const whole = Uint16Array.of(1, 2, 3, 4, 5);
    const [got] = await roundTrip(whole.subarray(1, 3));
    assert.deepStrictEqual(got, Uint16Array.of(2, 3));
    assert.strictEqual(got.byteOffset, 0);
    assert.strictEqual(got.buffer.byteLength, 4);
  });

  it('a Uint8Array arrives as a Uint8Array, not a Buffer', async function () {
    const [got] = await roundTrip(Uint8Array.of(7));
    assert.strictEqual(Buffer.isBuffer(got), false);
    assert.strictEqual(Object.getPrototypeOf(got), Uint8Array.prototype);
  });

  it('a Buffer arrives as a Buffer', async function () {
    const got = await same(Buffer.from('a buffer'));
    assert.ok(Buffer.isBuffer(got));
  });

  it('a Buffer cut from the shared pool arrives with its own bytes only', async function () {
    const small = Buffer.from('abc');
    assert.notStrictEqual(small.byteOffset + small.length, small.buffer.byteLength);
    const [got] = await roundTrip(small);
    assert.strictEqual(got.toString(), 'abc');
    assert.strictEqual(got.length, 3);
  });

  it('a DataView arrives as a DataView over a copy of its bytes', async function () {
    const bytes = Uint8Array.of(9, 1, 2, 3, 9);
    const [got] = await roundTrip(new DataView(bytes.buffer, 1, 3));
    assert.ok(got instanceof DataView);
    assert.strictEqual(got.byteOffset, 0);
    assert.deepStrictEqual([...new Uint8Array(got.buffer)], [1, 2, 3]);
  });

  it('a typed array over a SharedArrayBuffer arrives as a copy, not shared', async function () {
    const shared = new Uint8Array(new SharedArrayBuffer(2));
    shared[0] = 5;
    const [got] = await roundTrip(shared);
    assert.strictEqual(got.buffer instanceof ArrayBuffer, true);
    assert.deepStrictEqual([...got], [5, 0]);
  });

  it('a 1 MiB Buffer arrives intact', async function () {
    const big = Buffer.alloc(1 << 20);
    for (let i = 0; i < big.length; i += 4099) big[i] = i & 255;
    const [got] = await roundTrip(big);
    assert.ok(got.equals(big));
  });

  it('nested arrays and plain objects arrive deep-equal', async function () {
    await same({
      name: 'nested',
      list: [1, 'two', [3, [4, { five: 5n }]], null],
      bytes: { u8: Uint8Array.of(1), buf: Buffer.from('x') },
      empty: {},
      none: [],
    });
  });

  it('a null-prototype object arrives as an ordinary object', async function () {
    const value = Object.create(null);
    value.a = 1;
    const [got] = await roundTrip(value);
    assert.strictEqual(Object.getPrototypeOf(got), Object.prototype);
    assert.deepStrictEqual(got, { a: 1 });
  });

  it('an own "__proto__" key arrives as an own property and does not change the prototype', async function () {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "b": 2}');
    const [got] = await roundTrip(value);
    assert.strictEqual(Object.getPrototypeOf(got), Object.prototype);
    assert.deepStrictEqual(Object.keys(got), ['__proto__', 'b']);
    assert.deepStrictEqual(Object.getOwnPropertyDescriptor(got, '__proto__').value, { polluted: true });
    assert.strictEqual(got.polluted, undefined);
  });

  it('properties arrive as plain data properties: setters on Object.prototype are not run', async function () {
    let setterRan = false;
    Object.defineProperty(Object.prototype, 'tscbTrap', {
      set() { setterRan = true; }, get() { return undefined; }, configurable: true,
    });
    try {
      const [got] = await roundTrip({ tscbTrap: 1 });
      assert.strictEqual(setterRan, false);
      assert.deepStrictEqual(Object.getOwnPropertyDescriptor(got, 'tscbTrap'), {
        value: 1, writable: true, enumerable: true, configurable: true,
      });
    } finally {
      delete Object.prototype.tscbTrap;
    }
  });

  it('keys keep their order, integer-like keys first as in any object', async function () {
    const [got] = await roundTrip({ b: 1, 2: 'two', a: 2, 1: 'one' });
    assert.deepStrictEqual(Object.keys(got), ['1', '2', 'b', 'a']);
  });

  it('only own enumerable string keys are copied (no symbols, no non-enumerables, no inherited)', async function () {
    const value = Object.create({ inherited: 1 }.constructor.prototype);
    value.own = 1;
    value[Symbol('s')] = 2;
    Object.defineProperty(value, 'hidden', { value: 3, enumerable: false });
    const [got] = await roundTrip(value);
    assert.deepStrictEqual(Reflect.ownKeys(got), ['own']);
  });

  it('a getter is read once at call() and arrives as its value', async function () {
    let reads = 0;
    const [got] = await roundTrip({ get lazy() { reads++; return 'value'; } });
    assert.strictEqual(reads, 1);
    assert.deepStrictEqual(Object.getOwnPropertyDescriptor(got, 'lazy').value, 'value');
  });

  it('holes in an array arrive as undefined; extra named properties of an array are not copied', async function () {
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    sparse.extra = 'dropped';
    const [got] = await roundTrip(sparse);
    assert.strictEqual(got.length, 3);
    assert.ok(1 in got);
    assert.strictEqual(got[1], undefined);
    assert.strictEqual(got.extra, undefined);
  });

  it('the same object twice (not a cycle) arrives as two equal copies', async function () {
    const shared = { n: 1 };
    const [got] = await roundTrip({ a: shared, b: shared });
    assert.deepStrictEqual(got, { a: { n: 1 }, b: { n: 1 } });
    assert.notStrictEqual(got.a, got.b);
  });

  it('an array of 100,000 objects arrives whole', async function () {
    const value = Array.from({ length: 100000 }, (_, i) => ({ i }));
    const [got] = await roundTrip(value);
    assert.strictEqual(got.length, 100000);
    for (let i = 0; i < got.length; i += 997) assert.strictEqual(got[i].i, i);
    assert.strictEqual(got[99999].i, 99999);
  });

  it('an object with 10,000 keys arrives whole', async function () {
    const value = {};
    for (let i = 0; i < 10000; i++) value[`k${i}`] = i;
    await same(value);
  });

  it('values nested 1000 levels deep arrive', async function () {
    let value = 'bottom';
    for (let i = 0; i < 999; i++) value = i % 2 ? [value] : { v: value };
    await same(value);
  });

  it('a getter that calls call() while its object is being copied: both arrive whole, the inner call first', async function () {
    const seen = [];
    const done = deferred();
    const reentered = t.track(new ThreadSafeCallback((...args) => {
      seen.push(args);
      if (seen.length === 2) done.resolve();
    }));
    reentered.call({
      head: 'h',
      get again() {
        reentered.call('inner', { x: [1, 2] });
        return 'outer';
      },
      tail: [3, 4],
    });
    await done.promise;
    assert.deepStrictEqual(seen, [['inner', { x: [1, 2] }], [{ head: 'h', again: 'outer', tail: [3, 4] }]]);
  });
});
