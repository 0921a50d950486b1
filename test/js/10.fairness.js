'use strict';
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { until } = require('./support/helpers');

eachFlavour('guarantee 10: fairness', (addon) => {
  it('10. a flood yields to timers and I/O every drain_limit closures', async function () {
    let turn = 0;
    let turning = true;
    (function nextTurn() {
      turn++;
      if (turning) setImmediate(nextTurn);
    })();
    const turnOf = [];
    let timerFiredAt = -1;
    let armedAt = 0;
    const harness = new addon.Harness(() => {
      // The first closure outlasts the timer's 1 ms, so the timer is due when
      // the first drain yields, however fast or slow the machine is.
      if (turnOf.length === 0) while (Date.now() < armedAt + 3);
      turnOf.push(turn);
    }, { drainLimit: 100 });
    harness.fill(10000);
    armedAt = Date.now();
    setTimeout(() => { timerFiredAt = turnOf.length; }, 0);
    await until(() => turnOf.length === 10000, 'the flood');
    turning = false;
    const perTurn = new Map();
    for (const t of turnOf) perTurn.set(t, (perTurn.get(t) || 0) + 1);
    assert.strictEqual(Math.max(...perTurn.values()), 100);
    assert.ok(perTurn.size >= 100, `${perTurn.size} turns`);
    // At the latest in the loop turn after the first drain of 100 (0 when the
    // timer was already due before the first drain).
    assert.ok(timerFiredAt === 0 || timerFiredAt === 100, `the timer fired after ${timerFiredAt} closures`);
    assert.strictEqual(harness.stats().maxBatch, 100);
    harness.close();
  });
});
