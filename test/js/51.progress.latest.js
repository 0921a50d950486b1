'use strict';
// Progress workers, latest mode, under a producer that reports as fast as it
// can: JS sees at most one value per loop turn, never one older than what was
// reported before the previous turn's check phase, and always the last one.
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { loopTurns, until } = require('./support/helpers');
const { job } = require('../..');

const N = 3000000;

eachFlavour('51. progress workers: latest mode', (addon) => {
  const { progress } = addon;

  it(`coalesces ${N} reports: never behind by more than one loop turn, the last value always arrives`, async function () {
    const probe = progress.newProbe();
    // A snapshot of how far the producer got, at every check phase.
    let turn = 0;
    let snapshot = 0;
    const snapshots = [0];
    let ticking = true;
    (function tick() {
      if (!ticking) return;
      snapshot = progress.readProbe(probe)[0];
      snapshots.push(snapshot);
      turn++;
      setImmediate(tick);
    })();
    const deliveries = [];  // [turn, value, snapshot before this turn]
    const running = job((controls) => progress.flood(N, probe, controls), { mode: 'latest' });
    running.on('progress', (value) => deliveries.push([turn, value, snapshot]));
    const result = await running;
    ticking = false;

    assert.strictEqual(running.mode, 'latest');
    assert.strictEqual(result, N);
    assert.ok(deliveries.length > 0);
    assert.strictEqual(deliveries[deliveries.length - 1][1], N, 'the final value arrives last');
    for (let i = 0; i < deliveries.length; i++) {
      const [atTurn, value, before] = deliveries[i];
      assert.ok(value >= before, `delivery ${i}: ${value} is older than ${before}, reported before the previous turn`);
      if (i > 0) {
        assert.ok(value > deliveries[i - 1][1], `delivery ${i}: ${value} after ${deliveries[i - 1][1]}`);
        assert.ok(atTurn > deliveries[i - 1][0], `two deliveries in loop turn ${atTurn}`);
      }
    }
    assert.ok(deliveries.length < N / 50, `${deliveries.length} deliveries for ${N} reports`);
    assert.strictEqual(running.reported, N);
    assert.strictEqual(running.delivered, deliveries.length);
    assert.strictEqual(running.coalesced, N - deliveries.length);
    assert.deepStrictEqual(progress.readProbe(probe), [N, 1, 1]);
  });

  it('a slow async iterator gets only the newest value, and the last one', async function () {
    const n = 1000000;
    const probe = progress.newProbe();
    const running = job((controls) => progress.flood(n, probe, controls), { mode: 'latest' });
    let lastDelivered = 0;
    running.on('progress', (value) => { lastDelivered = value; });
    const seen = [];
    for await (const value of running) {
      seen.push(value);
      // The iterator is slow: it comes back only after the last value was
      // delivered, so all it can get next is that value.
      if (seen.length === 1) await until(() => lastDelivered === n, 'the last delivery');
    }
    assert.strictEqual(seen[seen.length - 1], n);
    assert.ok(seen.length <= 2, `the iterator saw ${seen.join(', ')}`);
    assert.ok(seen.length <= running.delivered);
  });

  it('helper threads sharing a latest sink are coalesced too; every report is counted', async function () {
    const turns = loopTurns();
    const at = [];
    const running = job((controls) => progress.steps(200000, 3, controls), { mode: 'latest' });
    running.on('progress', () => at.push(turns.count));
    const result = await running;
    turns.stop();
    assert.strictEqual(result.reported, 200000);
    for (let i = 1; i < at.length; i++) assert.ok(at[i] > at[i - 1], `two deliveries in loop turn ${at[i]}`);
    assert.strictEqual(running.reported, 200000);
    assert.strictEqual(running.delivered, at.length);
    assert.strictEqual(running.coalesced, 200000 - at.length);
  });
});
