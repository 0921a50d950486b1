'use strict';
const assert = require('assert');
const { fixture, runNode } = require('./support/children');
const { deferred, load, tracker, turn, until } = require('./support/helpers');

const { ThreadSafeCallback } = load();

describe('21. new ThreadSafeCallback(fn, options)', function () {
  const t = tracker();
  afterEach(() => t.closeAll());

  it('starts open, with nothing pending and every counter at 0', function () {
    const cb = t.track(new ThreadSafeCallback(() => {}));
    assert.strictEqual(cb.closed, false);
    assert.strictEqual(cb.pending, 0);
    assert.deepStrictEqual(cb.stats(), {
      accepted: 0, run: 0, dropped: 0, rejectedFull: 0, rejectedClosed: 0, wakeups: 0, maxBatch: 0,
    });
  });

  it('is an instance of ThreadSafeCallback', function () {
    const cb = t.track(new ThreadSafeCallback(() => {}));
    assert.ok(cb instanceof ThreadSafeCallback);
  });

  it('accepts options omitted, {} and every option given', function () {
    t.track(new ThreadSafeCallback(() => {}));
    t.track(new ThreadSafeCallback(() => {}, {}));
    t.track(new ThreadSafeCallback(() => {}, {
      thisArg: {}, maxQueueSize: 10, keepAlive: 'pending', drainLimit: 5, onError() {},
    }));
  });

  it('calls fn with this === undefined when no thisArg is given', async function () {
    const ran = deferred();
    const cb = t.track(new ThreadSafeCallback(function () { 'use strict'; ran.resolve(this); }));
    cb.call();
    assert.strictEqual(await ran.promise, undefined);
  });

  it('calls fn with this === thisArg for an object', async function () {
    const receiver = { name: 'receiver' };
    const ran = deferred();
    const cb = t.track(new ThreadSafeCallback(function () { ran.resolve(this); }, { thisArg: receiver }));
    cb.call();
    assert.strictEqual(await ran.promise, receiver);
  });

  it('calls fn with this === thisArg for a function', async function () {
    const receiver = function receiver() {};
    const ran = deferred();
    const cb = t.track(new ThreadSafeCallback(function () { ran.resolve(this); }, { thisArg: receiver }));
    cb.call();
    assert.strictEqual(await ran.promise, receiver);
  });

  it('maxQueueSize: 3 accepts 3 calls, refuses the 4th, and has room again once they ran', async function () {
    let runs = 0;
    const cb = t.track(new ThreadSafeCallback(() => { runs++; }, { maxQueueSize: 3 }));
    assert.deepStrictEqual([cb.call(1), cb.call(2), cb.call(3), cb.call(4)], [true, true, true, false]);
    assert.strictEqual(cb.pending, 3);
    await until(() => runs === 3);
    assert.strictEqual(cb.call(5), true);
    await until(() => runs === 4);
    const stats = cb.stats();
    assert.strictEqual(stats.accepted, 4);
    assert.strictEqual(stats.rejectedFull, 1);
  });

  it('maxQueueSize: 0 means unbounded (10,000 calls accepted at once)', async function () {
    let runs = 0;
    const cb = t.track(new ThreadSafeCallback(() => { runs++; }, { maxQueueSize: 0 }));
    for (let i = 0; i < 10000; i++) assert.strictEqual(cb.call(i), true);
    await until(() => runs === 10000);
  });

  it('drainLimit: 10 runs at most 10 calls per loop turn, letting setImmediate in after the first 10', async function () {
    const order = [];
    const cb = t.track(new ThreadSafeCallback((i) => order.push(i), { drainLimit: 10 }));
    for (let i = 0; i < 100; i++) cb.call(i);
    setImmediate(() => order.push('immediate'));
    await until(() => order.length === 101);
    assert.strictEqual(order.indexOf('immediate'), 10);
    assert.strictEqual(cb.stats().maxBatch, 10);
    assert.ok(cb.stats().wakeups >= 10);
  });

  it('drainLimit defaults to a limit that still yields to the loop (1024)', async function () {
    let runs = 0;
    const cb = t.track(new ThreadSafeCallback(() => { runs++; }));
    for (let i = 0; i < 5000; i++) cb.call(i);
    await until(() => runs === 5000);
    assert.strictEqual(cb.stats().maxBatch, 1024);
  });

  it('onError receives what fn threw, and the calls after it still run', async function () {
    const errors = [];
    const seen = [];
    const thrown = new Error('from fn');
    const cb = t.track(new ThreadSafeCallback((i) => {
      seen.push(i);
      if (i === 1) throw thrown;
    }, { onError: (error) => errors.push(error) }));
    cb.call(0);
    cb.call(1);
    cb.call(2);
    await until(() => seen.length === 3);
    await turn();
    assert.deepStrictEqual(seen, [0, 1, 2]);
    assert.strictEqual(errors.length, 1);
    assert.strictEqual(errors[0], thrown);
  });

  it('onError receives thrown non-Error values as they are', async function () {
    const errors = [];
    const cb = t.track(new ThreadSafeCallback(() => { throw 'a string'; }, {
      onError: (error) => errors.push(error),
    }));
    cb.call();
    await until(() => errors.length === 1);
    assert.deepStrictEqual(errors, ['a string']);
  });

  it('without onError, what fn throws goes to uncaughtException and later calls still run (child process)', async function () {
    const result = await runNode(fixture('uncaught.js'), ['plain']);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.deepStrictEqual(result.lines, ['uncaught: boom 1', 'ran 2', 'uncaught: boom 3', 'ran 4']);
  });

  it('an exception thrown by onError goes to uncaughtException (child process)', async function () {
    const result = await runNode(fixture('uncaught.js'), ['onError']);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.deepStrictEqual(result.lines, [
      'onError: boom 1', 'uncaught: onError failed', 'ran 2', 'onError: boom 3', 'uncaught: onError failed', 'ran 4',
    ]);
  });

  it('two callbacks are independent: closing one leaves the other working', async function () {
    const ran = deferred();
    const a = t.track(new ThreadSafeCallback(() => {}));
    const b = t.track(new ThreadSafeCallback((v) => ran.resolve(v)));
    a.close();
    assert.strictEqual(a.call(1), false);
    assert.strictEqual(b.call(2), true);
    assert.strictEqual(await ran.promise, 2);
  });
});
