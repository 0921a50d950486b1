'use strict';
const assert = require('assert');
const { eachFlavour, until } = require('./support/addons');

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
    const harness = new addon.Harness(() => turnOf.push(turn), { drainLimit: 100 });
    harness.fill(10000);
    setTimeout(() => { timerFiredAt = turnOf.length; }, 0);
    await until(() => turnOf.length === 10000, 'the flood');
    turning = false;
    const perTurn = new Map();
    for (const t of turnOf) perTurn.set(t, (perTurn.get(t) || 0) + 1);
    assert.strictEqual(Math.max(...perTurn.values()), 100);
    assert.ok(perTurn.size >= 100, `${perTurn.size} turns`);
    assert.ok(timerFiredAt >= 0 && timerFiredAt < 10000, `the timer fired after ${timerFiredAt} closures`);
    assert.strictEqual(harness.stats().maxBatch, 100);
    harness.close();
  });
});
