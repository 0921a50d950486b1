'use strict';
const assert = require('assert');
const { eachFlavour, until } = require('./support/addons');

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

  it('9. isolated calls from a thread each wake the sleeping loop: none is left waiting', async function () {
    let ran = 0;
    const harness = new addon.Harness(() => ran++);
    harness.start(1, 300, 'paced');
    await until(() => ran === 300, 'every paced call', 30000);
    assert.strictEqual(harness.join().ok, 300);
    assert.ok(harness.stats().wakeups >= 100, 'most calls found the loop asleep');
    harness.close();
  });
});
