'use strict';
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { until } = require('./support/helpers');

eachFlavour('guarantees 1 and 2: delivery', (addon) => {
  it('1, 2. 4 producer threads x 250,000 closures: exact total, every value once, per-thread order', async function () {
    const threads = 4;
    const perThread = 250000;
    const next = new Array(threads).fill(0);
    let total = 0;
    let outOfOrder = 0;
    const harness = new addon.Harness((t, i) => {
      if (next[t] !== i) outOfOrder++;
      next[t] = i + 1;
      total++;
    });
    harness.start(threads, perThread, 'invoke');
    await until(() => total === threads * perThread, 'all closures');
    const counts = harness.join();
    assert.deepStrictEqual(counts, { ok: threads * perThread, full: 0, closed: 0, wouldDeadlock: 0 });
    assert.strictEqual(outOfOrder, 0);
    assert.deepStrictEqual(next, new Array(threads).fill(perThread));
    const stats = harness.stats();
    assert.strictEqual(stats.accepted, threads * perThread);
    assert.strictEqual(stats.run, stats.accepted);
    assert.strictEqual(stats.dropped, 0);
    assert.strictEqual(harness.pending(), 0);
    harness.close();
  });

  it('1. the receiver is undefined by default, and the one given otherwise', async function () {
    const seen = [];
    const plain = new addon.Harness(function () { seen.push(this); });
    const self = { name: 'receiver' };
    const bound = new addon.Harness(function () { seen.push(this); }, { receiver: self });
    plain.fill(1);
    bound.fill(1);
    await until(() => seen.length === 2, 'both calls');
    assert.strictEqual(seen[0], undefined);
    assert.strictEqual(seen[1], self);
    plain.close();
    bound.close();
  });

  it('1. a move-only closure (capturing a std::unique_ptr) runs once', async function () {
    const seen = [];
    const harness = new addon.Harness((value) => seen.push(value));
    assert.strictEqual(addon.callMoveOnly(harness, 42.5), 'ok');
    await until(() => seen.length === 1, 'the call');
    await new Promise(setImmediate);
    assert.deepStrictEqual(seen, [42.5]);
    harness.close();
  });

  it('1. Invoke converts every supported argument type on the JS thread', async function () {
    let args;
    const harness = new addon.Harness((...received) => { args = received; });
    assert.strictEqual(addon.invokeTypes(harness), 'ok');
    await until(() => args !== undefined, 'the call');
    assert.deepStrictEqual(args, [
      true, -8, 16, -32, 4000000000, -9007199254740991, 18446744073709551615, 1.5, 2.25,
      'std::string', 'c string', Buffer.from([1, 2, 255]), null,
    ]);
    assert.ok(Buffer.isBuffer(args[11]));
    harness.close();
  });

  it('1. a closed callback refuses calls: Call returns kClosed and nothing runs', async function () {
    let ran = 0;
    const harness = new addon.Harness(() => ran++);
    harness.close();
    assert.deepStrictEqual(harness.fill(3), { ok: 0, full: 0, closed: 3, wouldDeadlock: 0 });
    assert.strictEqual(harness.isClosed(), true);
    await new Promise(setImmediate);
    assert.strictEqual(ran, 0);
    assert.strictEqual(harness.stats().rejectedClosed, 3);
  });
});
