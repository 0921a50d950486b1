'use strict';
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { until } = require('./support/helpers');

eachFlavour('guarantee 4: immediate close', (addon) => {
  it('4. Close() inside a closure: nothing more runs; dropped closures destroyed = accepted - run', async function () {
    const ran = [];
    const harness = new addon.Harness((i) => ran.push(i));
    const accepted = addon.queueCloser(harness, 500, 99);
    assert.strictEqual(accepted, 500);
    await until(() => harness.isClosed() && harness.destroyed().all === 500, 'the close');
    await new Promise(setImmediate);
    assert.strictEqual(ran.length, 100);
    assert.deepStrictEqual(ran, Array.from({ length: 100 }, (_, i) => i));
    const stats = harness.stats();
    assert.strictEqual(stats.accepted, 500);
    assert.strictEqual(stats.run, 100);
    assert.strictEqual(stats.dropped, stats.accepted - stats.run);
    assert.strictEqual(harness.destroyed().unrun, stats.accepted - stats.run);
  });

  it('4. close() from JS while producers call: no call runs after close() returns', async function () {
    let ran = 0;
    let ranAfterClose = 0;
    let closed = false;
    const harness = new addon.Harness(() => {
      ran++;
      if (closed) ranAfterClose++;
    });
    harness.start(4, 0, 'untilClosed');
    await until(() => ran >= 20000, 'some calls');
    harness.close();
    closed = true;
    const counts = harness.join();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.strictEqual(ranAfterClose, 0);
    assert.strictEqual(counts.closed, 4, 'each producer stopped on kClosed');
    const stats = harness.stats();
    assert.strictEqual(stats.accepted, counts.ok);
    assert.strictEqual(stats.run + stats.dropped, stats.accepted);
    assert.strictEqual(stats.run, ran);
    assert.strictEqual(stats.rejectedClosed, 4);
  });

  it('4. close() is idempotent and later calls return kClosed', function () {
    const harness = new addon.Harness(() => {});
    harness.close();
    harness.close();
    assert.strictEqual(harness.fill(1).closed, 1);
  });
});

eachFlavour('guarantee 4: close from another thread', (addon) => {
  it('4. Close() on another thread while the JS thread is mid-drain: nothing starts after it returns; every dropped capture destroyed once', async function () {
    const calls = [];
    const probe = addon.closeMidDrain((startedAfterClose) => calls.push(startedAfterClose), 3000);
    await until(() => calls.length >= 1, 'the first closure');
    const counts = probe.join();  // the producer stops at its first kClosed
    assert.ok(counts.accepted >= 3000, `accepted ${counts.accepted}`);
    assert.strictEqual(counts.refused, 1);
    await until(() => probe.destroyed().all === counts.accepted + counts.refused, 'the dropped closures');
    await new Promise(setImmediate);
    assert.deepStrictEqual(calls, [false], 'only the closure already running when Close() landed');
    const stats = probe.stats();
    assert.strictEqual(stats.accepted, counts.accepted);
    assert.strictEqual(stats.run, 1);
    assert.strictEqual(stats.dropped, counts.accepted - 1);
    assert.strictEqual(stats.rejectedClosed, 1);
    assert.deepStrictEqual(probe.destroyed(), { all: counts.accepted + 1, unrun: counts.accepted });
  });
});
