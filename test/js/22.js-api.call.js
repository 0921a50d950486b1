'use strict';
const assert = require('assert');
const { deferred, illegalInvocation, load, tracker, turn, until } = require('./support/helpers');

const { ThreadSafeCallback } = load();

describe('22. cb.call(...args) on the owning thread', function () {
  const t = tracker();
  afterEach(() => t.closeAll());

  it('returns true and runs fn later, never inside call()', async function () {
    let ran = false;
    const cb = t.track(new ThreadSafeCallback(() => { ran = true; }));
    assert.strictEqual(cb.call(), true);
    assert.strictEqual(ran, false);
    await until(() => ran);
  });

  it('passes exactly the arguments given: none', async function () {
    const ran = deferred();
    const cb = t.track(new ThreadSafeCallback((...args) => ran.resolve(args)));
    cb.call();
    assert.deepStrictEqual(await ran.promise, []);
  });

  it('passes exactly the arguments given: a trailing undefined counts', async function () {
    const ran = deferred();
    const cb = t.track(new ThreadSafeCallback((...args) => ran.resolve(args)));
    cb.call(1, undefined);
    assert.deepStrictEqual(await ran.promise, [1, undefined]);
  });

  it('passes 20 arguments in order', async function () {
    const ran = deferred();
    const cb = t.track(new ThreadSafeCallback((...args) => ran.resolve(args)));
    const sent = Array.from({ length: 20 }, (_, i) => (i % 2 ? `s${i}` : i));
    cb.call(...sent);
    assert.deepStrictEqual(await ran.promise, sent);
  });

  it('runs 10,000 calls exactly once each, in the order they were made', async function () {
    const seen = [];
    const cb = t.track(new ThreadSafeCallback((i) => seen.push(i)));
    for (let i = 0; i < 10000; i++) cb.call(i);
    await until(() => seen.length === 10000);
    await turn();
    assert.strictEqual(seen.length, 10000);
    for (let i = 0; i < 10000; i++) assert.strictEqual(seen[i], i);
  });

  it('copies the arguments at call(): later changes to the sent object do not arrive', async function () {
    const ran = deferred();
    const cb = t.track(new ThreadSafeCallback((value) => ran.resolve(value)));
    const sent = { list: [1, 2], bytes: Uint8Array.of(1) };
    cb.call(sent);
    sent.list.push(3);
    sent.bytes[0] = 9;
    sent.extra = true;
    const got = await ran.promise;
    assert.notStrictEqual(got, sent);
    assert.deepStrictEqual(got, { list: [1, 2], bytes: Uint8Array.of(1) });
  });

  it('gives fn objects of its own: changing them leaves the sender unchanged', async function () {
    const ran = deferred();
    const cb = t.track(new ThreadSafeCallback((value) => {
      value.list.push('changed');
      ran.resolve();
    }));
    const sent = { list: [1] };
    cb.call(sent);
    await ran.promise;
    assert.deepStrictEqual(sent, { list: [1] });
  });

  it('returns false after close() and fn does not run', async function () {
    let runs = 0;
    const cb = t.track(new ThreadSafeCallback(() => { runs++; }));
    cb.close();
    assert.strictEqual(cb.call(1), false);
    await turn();
    await turn();
    assert.strictEqual(runs, 0);
  });

  it('still checks the arguments after close(): a function is a TypeError', function () {
    const cb = t.track(new ThreadSafeCallback(() => {}));
    cb.close();
    assert.throws(() => cb.call(() => {}), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  });

  it('a call made from inside fn is accepted and runs after the calls already queued', async function () {
    const seen = [];
    const cb = t.track(new ThreadSafeCallback((i) => {
      seen.push(i);
      if (i === 0) {
        assert.strictEqual(cb.call(2), true);
        seen.push('queued 2');
      }
    }));
    cb.call(0);
    cb.call(1);
    await until(() => seen.length === 4);
    assert.deepStrictEqual(seen, [0, 'queued 2', 1, 2]);
  });

  it('promise continuations scheduled by fn run before the next macrotask', async function () {
    const order = [];
    const cb = t.track(new ThreadSafeCallback(() => {
      order.push('fn');
      Promise.resolve().then(() => order.push('microtask'));
      process.nextTick(() => order.push('nextTick'));
      setImmediate(() => order.push('immediate'));
    }));
    cb.call();
    await until(() => order.length === 4);
    assert.deepStrictEqual(order, ['fn', 'nextTick', 'microtask', 'immediate']);
  });

  it('is the same function on every callback (inherited, not a per-instance wrapper)', function () {
    const a = t.track(new ThreadSafeCallback(() => {}));
    const b = t.track(new ThreadSafeCallback(() => {}));
    assert.strictEqual(a.call, b.call);
    assert.strictEqual(Object.prototype.hasOwnProperty.call(a, 'call'), false);
  });

  it('applied to something that is not a callback, is a TypeError (Illegal invocation)', function () {
    const cb = t.track(new ThreadSafeCallback(() => {}));
    const expected = illegalInvocation();
    assert.throws(() => cb.call.call({}, 1), expected);
    assert.throws(() => cb.call.call(undefined, 1), expected);
    assert.throws(() => cb.call.call(Object.create(ThreadSafeCallback.prototype), 1), expected);
  });
});
