'use strict';
// Progress workers, queue mode: every value arrives, in order, before the
// job settles (tscb/progress_worker.h, rules 2-4).
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { loopTurns } = require('./support/helpers');
const { job, Job } = require('../..');

eachFlavour('50. progress workers: queue mode', (addon) => {
  const { progress } = addon;

  it('delivers every value in order, with its sequence number, then resolves', async function () {
    const events = [];
    const seqs = [];
    const running = job((controls) => {
      const onProgress = controls.onProgress;
      controls.onProgress = (value, seq) => {
        seqs.push(seq);
        onProgress(value, seq);
      };
      return progress.countTo(5000, controls);
    }, { mode: 'queue' });
    running.on('progress', (value) => events.push(value));
    const result = await running;
    events.push('resolved');
    assert.strictEqual(result, 5000);
    assert.deepStrictEqual(events, [...Array.from({ length: 5000 }, (_, i) => i + 1), 'resolved']);
    assert.deepStrictEqual(seqs, Array.from({ length: 5000 }, (_, i) => i + 1));
    assert.strictEqual(running.mode, 'queue');
    assert.strictEqual(running.state, 'fulfilled');
    assert.deepStrictEqual([running.delivered, running.reported, running.coalesced], [5000, 5000, 0]);
  });

  it('a long backlog arrives in order, at most 256 values per loop turn, the completion included', async function () {
    const turns = loopTurns();
    const perTurn = new Map();
    let expected = 1;
    let outOfOrder = 0;
    const running = job((controls) => progress.countTo(200000, controls), { mode: 'queue' });
    running.on('progress', (value) => {
      if (value !== expected++) outOfOrder++;
      perTurn.set(turns.count, (perTurn.get(turns.count) || 0) + 1);
    });
    assert.strictEqual(await running, 200000);
    turns.stop();
    assert.strictEqual(outOfOrder, 0);
    assert.strictEqual(expected, 200001);
    assert.ok(Math.max(...perTurn.values()) <= 256, `${Math.max(...perTurn.values())} values in one turn`);
  });

  it('takes values from helper threads sharing the sink: each exactly once, converted by a ToJsValue specialization', async function () {
    const seen = [];
    const running = job((controls) => progress.steps(20000, 4, controls), { mode: 'queue' });
    running.on('progress', (step) => seen.push(step));
    const result = await running;
    assert.deepStrictEqual(result, { reported: 20000, threads: 4 });
    assert.strictEqual(seen.length, 20000);
    assert.ok(seen.every((step) => step.total === 20000 && Object.keys(step).join() === 'done,total'));
    const done = seen.map((step) => step.done).sort((a, b) => a - b);
    assert.deepStrictEqual(done, Array.from({ length: 20000 }, (_, i) => i + 1));
  });

  it('a void work resolves with undefined', async function () {
    const seen = [];
    const running = job((controls) => progress.nothing(controls));
    running.on('progress', (value) => seen.push(value));
    assert.strictEqual(running.mode, 'queue');
    assert.strictEqual(await running, undefined);
    assert.deepStrictEqual(seen, ['a', 'b']);
  });

  it('works without controls at all: a plain Promise of the result', async function () {
    assert.strictEqual(await progress.countTo(100), 100);
    assert.strictEqual(await progress.countTo(100, {}), 100);
  });

  it('the async iterator yields every value, then ends when the job fulfills', async function () {
    const running = job((controls) => progress.countTo(3000, controls), { mode: 'queue' });
    const seen = [];
    for await (const value of running) seen.push(value);
    assert.deepStrictEqual(seen, Array.from({ length: 3000 }, (_, i) => i + 1));
    assert.strictEqual(running.state, 'fulfilled');
  });

  it('Job is awaitable through then/catch/finally, like a Promise', async function () {
    const running = new Job((controls) => progress.countTo(10, controls));
    const order = [];
    await running.finally(() => order.push('finally')).then((value) => order.push(value));
    assert.deepStrictEqual(order, ['finally', 10]);
    assert.strictEqual(await running.catch(() => 'never'), 10);
  });
});
