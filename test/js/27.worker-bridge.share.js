'use strict';
const assert = require('assert');
const { threadId } = require('worker_threads');
const { fixture, runNode } = require('./support/children');
const { deferred, illegalInvocation, load, startWorker, tracker, turn, until } = require('./support/helpers');

const { ThreadSafeCallback } = load();
const bridge = fixture('bridge-worker.js');

describe('27. share(), ThreadSafeCallback.fromShared(token), handle.release()', function () {
  const t = tracker();
  afterEach(() => t.closeAll());

  describe('tokens', function () {
    it('share() returns a string, the same one every time', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const token = cb.share();
      assert.strictEqual(typeof token, 'string');
      assert.strictEqual(cb.share(), token);
    });

    it('two callbacks have different tokens', function () {
      const a = t.track(new ThreadSafeCallback(() => {}));
      const b = t.track(new ThreadSafeCallback(() => {}));
      assert.notStrictEqual(a.share(), b.share());
    });

    it('a token survives structuredClone (as postMessage and workerData copy it)', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const token = cb.share();
      const handle = ThreadSafeCallback.fromShared(structuredClone(token));
      assert.strictEqual(handle.share(), token);
      handle.release();
    });

    it('a token of another process redeems to a closed handle, never to a callback of this one', async function () {
      const cb = t.track(new ThreadSafeCallback(() => assert.fail('must not run')));
      cb.share();
      const result = await runNode(fixture('print-token.js'));
      assert.strictEqual(result.code, 0, result.stderr);
      const handle = ThreadSafeCallback.fromShared(result.stdout);
      assert.strictEqual(handle.closed, true);
      assert.strictEqual(handle.call(1), false);
      await turn();
    });
  });

  describe('handles in the owner\'s own thread', function () {
    it('fromShared(token).call(...) reaches fn with a copy of the arguments and the owner\'s thisArg', async function () {
      const receiver = {};
      const ran = deferred();
      const cb = t.track(new ThreadSafeCallback(function (...args) { ran.resolve({ self: this, args }); },
        { thisArg: receiver }));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      const sent = { list: [1, 'two'] };
      assert.strictEqual(handle.call(sent, 3n), true);
      const { self, args } = await ran.promise;
      assert.strictEqual(self, receiver);
      assert.deepStrictEqual(args, [{ list: [1, 'two'] }, 3n]);
      assert.notStrictEqual(args[0], sent);
      handle.release();
    });

    it('a handle is a ThreadSafeCallbackHandle with call, release, closed, pending and share only', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      assert.strictEqual(handle.constructor.name, 'ThreadSafeCallbackHandle');
      assert.ok(!(handle instanceof ThreadSafeCallback));
      for (const name of ['call', 'release', 'share']) assert.strictEqual(typeof handle[name], 'function', name);
      for (const name of ['closed', 'pending']) assert.ok(name in handle, name);
      for (const name of ['close', 'ref', 'unref', 'stats']) assert.ok(!(name in handle), name);
      handle.release();
    });

    it('a token can be redeemed any number of times; every handle reaches fn', async function () {
      const seen = [];
      const cb = t.track(new ThreadSafeCallback((v) => seen.push(v)));
      const token = cb.share();
      const handles = [0, 1, 2].map(() => ThreadSafeCallback.fromShared(token));
      handles.forEach((handle, i) => handle.call(`h${i}`));
      cb.call('owner');
      await until(() => seen.length === 4);
      assert.deepStrictEqual(seen, ['h0', 'h1', 'h2', 'owner']);
      handles.forEach((handle) => handle.release());
    });

    it('handle.share() returns the owner\'s token', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      assert.strictEqual(handle.share(), cb.share());
      handle.release();
    });

    it('handle.pending counts the owner\'s calls not yet run', async function () {
      let runs = 0;
      const cb = t.track(new ThreadSafeCallback(() => { runs++; }));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      cb.call(1);
      handle.call(2);
      assert.strictEqual(handle.pending, 2);
      await until(() => runs === 2);
      assert.strictEqual(handle.pending, 0);
      handle.release();
    });

    it('release(): call() returns false, closed is true, and the owner goes on working', async function () {
      const seen = [];
      const cb = t.track(new ThreadSafeCallback((v) => seen.push(v)));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      assert.strictEqual(handle.closed, false);
      assert.strictEqual(handle.release(), undefined);
      assert.strictEqual(handle.closed, true);
      assert.strictEqual(handle.call('after release'), false);
      assert.strictEqual(cb.stats().rejectedClosed, 0);  // it never reached the callback
      assert.strictEqual(cb.closed, false);
      assert.strictEqual(cb.call('owner'), true);
      await until(() => seen.length === 1);
      assert.deepStrictEqual(seen, ['owner']);
    });

    it('release() is idempotent', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      handle.release();
      handle.release();
      assert.strictEqual(handle.closed, true);
    });

    it('a released handle still checks its arguments (same errors everywhere)', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      handle.release();
      assert.throws(() => handle.call(Symbol('s')), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    });

    it('after the owner\'s close(), handle.call() returns false and handle.closed is true', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      cb.close();
      assert.strictEqual(handle.closed, true);
      assert.strictEqual(handle.call(1), false);
      assert.strictEqual(cb.stats().rejectedClosed, 1);
      handle.release();
    });

    it('fromShared() of a closed callback\'s token: a handle whose call() returns false', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const token = cb.share();
      cb.close();
      const handle = ThreadSafeCallback.fromShared(token);
      assert.strictEqual(handle.closed, true);
      assert.strictEqual(handle.call(1), false);
      handle.release();
    });

    it('the handle class cannot be constructed from JS', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      const Handle = handle.constructor;
      assert.throws(() => new Handle(), TypeError);
      assert.throws(() => new Handle({}), TypeError);
      handle.release();
    });

    it('an owner method applied to a handle, or release() to an owner, is a TypeError', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const handle = ThreadSafeCallback.fromShared(cb.share());
      for (const name of ['close', 'ref', 'unref', 'stats']) {
        assert.throws(() => ThreadSafeCallback.prototype[name].call(handle), illegalInvocation(), name);
      }
      assert.throws(() => handle.release.call(cb), illegalInvocation('ThreadSafeCallbackHandle'));
      assert.strictEqual(cb.closed, false);
      handle.release();
    });
  });

  describe('Workers', function () {
    it('a Worker\'s calls (token in workerData) run on the owner\'s thread, in order, with copied arguments', async function () {
      const seen = [];
      const cb = t.track(new ThreadSafeCallback((i, payload) => seen.push({ i, payload, thread: threadId })));
      const worker = startWorker(bridge, { workerData: { role: 'caller', token: cb.share(), count: 100, from: 'w' } });
      const report = await worker.next();
      assert.strictEqual(await worker.ended, 0);
      assert.deepStrictEqual(report, { accepted: 100 });
      await until(() => seen.length === 100);
      seen.forEach((entry, i) => {
        assert.deepStrictEqual(entry, { i, payload: { from: 'w', i, list: [i, `${i}`] }, thread: threadId });
      });
    });

    it('a token sent with postMessage works the same', async function () {
      const seen = [];
      const cb = t.track(new ThreadSafeCallback((i) => seen.push(i)));
      const worker = startWorker(bridge, { workerData: { role: 'caller', count: 10, from: 'p' } });
      worker.worker.postMessage(cb.share());
      assert.deepStrictEqual(await worker.next(), { accepted: 10 });
      assert.strictEqual(await worker.ended, 0);
      await until(() => seen.length === 10);
      assert.deepStrictEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('in a Worker, arguments that cannot be copied throw the same errors, and nothing is queued', async function () {
      const seen = [];
      const cb = t.track(new ThreadSafeCallback((v) => seen.push(v)));
      const worker = startWorker(bridge, { workerData: { role: 'bad-caller', token: cb.share() } });
      const { errors } = await worker.next();
      assert.strictEqual(await worker.ended, 0);
      const copyable = 'must be a copyable value';
      assert.deepStrictEqual(errors.map((e) => [e.name, e.code]), Array(4).fill(['TypeError', 'ERR_INVALID_ARG_TYPE']));
      assert.ok(errors[0].message.startsWith(`The "args[0]" argument ${copyable}`));
      assert.ok(errors[1].message.startsWith(`The "args[1].deep[0]" property ${copyable}`));
      assert.ok(errors[2].message.endsWith('Received a circular reference to "args[0]"'));
      assert.ok(errors[3].message.endsWith('Received an instance of Map'));
      await until(() => seen.length === 1);
      assert.deepStrictEqual(seen, ['good']);
      assert.strictEqual(cb.stats().accepted, 1);
    });

    it('after the owner closes, a Worker\'s handle.call() returns false and handle.closed is true', async function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const worker = startWorker(bridge, { workerData: { role: 'checker', token: cb.share(), once: true } });
      assert.strictEqual(await worker.next(), 'ready');
      cb.close();
      worker.worker.postMessage('check');
      assert.deepStrictEqual(await worker.next(), { result: false, closed: true });
      assert.strictEqual(await worker.ended, 0);
    });

    it('an owner in a Worker: calls from the main thread run in that Worker', async function () {
      const worker = startWorker(bridge, { workerData: { role: 'owner', count: 3 } });
      const ownerThread = worker.threadId;
      const token = await worker.next();
      const handle = ThreadSafeCallback.fromShared(token);
      assert.deepStrictEqual([handle.call('a', 1), handle.call('b', [2]), handle.call('c', { three: 3 })], [true, true, true]);
      const { received } = await worker.next();
      assert.strictEqual(await worker.ended, 0);
      assert.deepStrictEqual(received.map((r) => r.args), [['a', 1], ['b', [2]], ['c', { three: 3 }]]);
      assert.ok(received.every((r) => r.threadId === ownerThread));
      assert.strictEqual(handle.closed, true);
      assert.strictEqual(handle.call('after'), false);
      handle.release();
    });

    it('Worker to Worker: a value nested 999 levels deep is copied and rebuilt on Worker threads', async function () {
      const owner = startWorker(bridge, { workerData: { role: 'deep-owner' } });
      const token = await owner.next();
      const caller = startWorker(bridge, { workerData: { role: 'deep-caller', token, depth: 999 } });
      assert.strictEqual(await caller.next(), true);
      assert.deepStrictEqual(await owner.next(), { depth: 999, bottom: 'bottom' });
      assert.deepStrictEqual(await Promise.all([owner.ended, caller.ended]), [0, 0]);
    });

    it('Worker to Worker: a caller Worker reaches an owner Worker', async function () {
      const owner = startWorker(bridge, { workerData: { role: 'owner', count: 50 } });
      const ownerThread = owner.threadId;
      const token = await owner.next();
      const caller = startWorker(bridge, { workerData: { role: 'caller', token, count: 50, from: 'peer' } });
      assert.deepStrictEqual(await caller.next(), { accepted: 50 });
      const { received } = await owner.next();
      assert.deepStrictEqual(await Promise.all([owner.ended, caller.ended]), [0, 0]);
      assert.deepStrictEqual(received.map((r) => r.args[0]), Array.from({ length: 50 }, (_, i) => i));
      assert.ok(received.every((r) => r.threadId === ownerThread));
    });
  });
});
