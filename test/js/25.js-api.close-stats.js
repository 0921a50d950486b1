'use strict';
const assert = require('assert');
const { deferred, load, sleep, tracker, turn, until } = require('./support/helpers');

const { ThreadSafeCallback } = load();

const STAT_KEYS = ['accepted', 'run', 'dropped', 'rejectedFull', 'rejectedClosed', 'wakeups', 'maxBatch'];

describe('25. close(), closed, pending, stats(), ref(), unref()', function () {
  const t = tracker();
  afterEach(() => t.closeAll());

  describe('close() and closed', function () {
    it('close() makes closed true and returns undefined', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      assert.strictEqual(cb.close(), undefined);
      assert.strictEqual(cb.closed, true);
    });

    it('close() is idempotent', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      cb.close();
      cb.close();
      assert.strictEqual(cb.closed, true);
    });

    it('calls already accepted do not run after close() returns; they count as dropped', async function () {
      let runs = 0;
      const cb = t.track(new ThreadSafeCallback(() => { runs++; }));
      for (let i = 0; i < 5; i++) cb.call(i);
      cb.close();
      assert.strictEqual(cb.pending, 0);
      await sleep(20);
      assert.strictEqual(runs, 0);
      assert.deepStrictEqual(cb.stats(), {
        accepted: 5, run: 0, dropped: 5, rejectedFull: 0, rejectedClosed: 0, wakeups: 0, maxBatch: 0,
      });
    });

    it('close() from inside fn: the rest of the batch does not run', async function () {
      const seen = [];
      const cb = t.track(new ThreadSafeCallback((i) => {
        seen.push(i);
        if (i === 2) cb.close();
      }));
      for (let i = 0; i < 10; i++) cb.call(i);
      await until(() => cb.closed);
      await sleep(20);
      assert.deepStrictEqual(seen, [0, 1, 2]);
      const stats = cb.stats();
      assert.strictEqual(stats.run, 3);
      assert.strictEqual(stats.dropped, 7);
    });

    it('calls after close() return false and count as rejectedClosed', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      cb.close();
      assert.deepStrictEqual([cb.call(1), cb.call(2), cb.call(3)], [false, false, false]);
      assert.strictEqual(cb.stats().rejectedClosed, 3);
      assert.strictEqual(cb.stats().accepted, 0);
    });

    it('an open callback that ran calls is still open', async function () {
      const ran = deferred();
      const cb = t.track(new ThreadSafeCallback(() => ran.resolve()));
      cb.call();
      await ran.promise;
      assert.strictEqual(cb.closed, false);
    });

    it('closed is read-only', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      try {
        cb.closed = true;
      } catch {
        // strict mode setters may throw; either way nothing changes
      }
      assert.strictEqual(cb.closed, false);
    });
  });

  describe('pending', function () {
    it('counts calls accepted and not yet run, and drops to 0 once they ran', async function () {
      let runs = 0;
      const cb = t.track(new ThreadSafeCallback(() => { runs++; }));
      assert.strictEqual(cb.pending, 0);
      cb.call();
      cb.call();
      cb.call();
      assert.strictEqual(cb.pending, 3);
      await until(() => runs === 3);
      assert.strictEqual(cb.pending, 0);
    });

    it('inside fn, excludes the call that is running', async function () {
      const seen = deferred();
      const cb = t.track(new ThreadSafeCallback(() => seen.resolve(cb.pending)));
      cb.call();
      assert.strictEqual(await seen.promise, 0);
    });

    it('never exceeds maxQueueSize', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}, { maxQueueSize: 4 }));
      for (let i = 0; i < 10; i++) cb.call(i);
      assert.strictEqual(cb.pending, 4);
    });
  });

  describe('stats()', function () {
    it('returns a fresh plain object with exactly the seven counters, as numbers', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      const a = cb.stats();
      const b = cb.stats();
      assert.notStrictEqual(a, b);
      assert.strictEqual(Object.getPrototypeOf(a), Object.prototype);
      assert.deepStrictEqual(Object.keys(a), STAT_KEYS);
      for (const key of STAT_KEYS) assert.strictEqual(typeof a[key], 'number');
    });

    it('counts exactly: accepted, run, rejectedFull, wakeups, maxBatch', async function () {
      let runs = 0;
      const cb = t.track(new ThreadSafeCallback(() => { runs++; }, { maxQueueSize: 3 }));
      const results = [1, 2, 3, 4, 5].map((i) => cb.call(i));
      assert.deepStrictEqual(results, [true, true, true, false, false]);
      await until(() => runs === 3);
      await turn();
      assert.deepStrictEqual(cb.stats(), {
        accepted: 3, run: 3, dropped: 0, rejectedFull: 2, rejectedClosed: 0, wakeups: 1, maxBatch: 3,
      });
    });

    it('keeps counting after close()', async function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      cb.call(1);
      cb.close();
      cb.call(2);
      assert.deepStrictEqual(cb.stats(), {
        accepted: 1, run: 0, dropped: 1, rejectedFull: 0, rejectedClosed: 1, wakeups: 0, maxBatch: 0,
      });
    });
  });

  describe('ref() and unref()', function () {
    it('return the callback itself, like a timer\'s', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      assert.strictEqual(cb.unref(), cb);
      assert.strictEqual(cb.ref(), cb);
    });

    it('leave the callback working both ways', async function () {
      const seen = [];
      const cb = t.track(new ThreadSafeCallback((i) => seen.push(i)));
      cb.unref();
      cb.call(1);
      cb.ref();
      cb.call(2);
      await until(() => seen.length === 2);
      assert.deepStrictEqual(seen, [1, 2]);
    });

    it('on a closed callback do nothing and do not throw', function () {
      const cb = t.track(new ThreadSafeCallback(() => {}));
      cb.close();
      assert.strictEqual(cb.ref(), cb);
      assert.strictEqual(cb.unref(), cb);
    });
  });
});
