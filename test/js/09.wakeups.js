'use strict';
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { until } = require('./support/helpers');

eachFlavour('guarantee 9: wake-ups', (addon) => {
  it('9. 100,000 calls queued at once are drained with one wake-up per drain_limit, not one per call', async function () {
    let ran = 0;
    const harness = new addon.Harness(() => ran++);
    assert.strictEqual(harness.fill(100000).ok, 100000);
    await until(() => ran === 100000, 'all calls');
    const stats = harness.stats();
    assert.ok(stats.wakeups <= Math.ceil(100000 / 1024) + 1, `${stats.wakeups} wake-ups`);
    assert.strictEqual(stats.maxBatch, 1024, 'the default drain_limit');
    harness.close();
  });

  it('9. isolated calls from a thread each wake the idle loop: one wake-up per call, none lost', async function () {
    // Ping-pong: the producer makes each call only after the previous one ran
    // and its drain ended (setImmediate runs after the poll phase), so every
    // call lands in an empty queue: each needs exactly one wake-up, and a
    // lost one would leave the rest never made (the watchdog names the test).
    let ran = 0;
    const harness = new addon.Harness(() => {
      ran++;
      setImmediate(() => harness.allow());
    });
    harness.start(1, 300, 'pingPong');
    harness.allow();
    await until(() => ran === 300, 'every ping-pong call');
    assert.strictEqual(harness.join().ok, 300);
    assert.strictEqual(harness.stats().wakeups, 300);
    harness.close();
  });
});
