'use strict';
const assert = require('assert');
const { isDeepStrictEqual } = require('util');
const { load, startWorker, tracker, until } = require('./support/helpers');
const { expected } = require('./fixtures/values');
const { fixture } = require('./support/children');

const { ThreadSafeCallback } = load();
const producer = fixture('producer.js');

// Runs `workers` producers of `count` calls each into one callback and checks
// every arrival against the value its producer sent.
async function run(t, { workers, count, maxQueueSize = 0, retry = false }) {
  const next = new Array(workers).fill(0);  // the next i expected from each producer
  const problems = [];
  let arrived = 0;
  let maxPending = 0;
  const cb = t.track(new ThreadSafeCallback((w, i, value) => {
    arrived++;
    if (i !== next[w]) problems.push(`producer ${w}: got call ${i}, expected ${next[w]}`);
    next[w] = i + 1;
    if (!isDeepStrictEqual(value, expected(w, i))) problems.push(`producer ${w} call ${i}: value differs`);
    maxPending = Math.max(maxPending, cb.pending);
  }, { maxQueueSize }));
  const token = cb.share();
  const pool = [];
  for (let w = 0; w < workers; w++) {
    pool.push(startWorker(producer, { workerData: { token, w, count, retry } }));
  }
  const reports = await Promise.all(pool.map((worker) => worker.next()));
  assert.deepStrictEqual(await Promise.all(pool.map((worker) => worker.ended)), new Array(workers).fill(0));
  await until(() => arrived === workers * count);
  return { cb, reports, problems: problems.slice(0, 10), next, maxPending };
}

describe('28. Workers calling one callback under load', function () {
  const t = tracker();
  afterEach(() => t.closeAll());

  it('4 Workers x 100,000 mixed calls: each delivered once, deep-equal, in per-Worker order', async function () {
    const { cb, reports, problems, next } = await run(t, { workers: 4, count: 100000 });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(next, [100000, 100000, 100000, 100000]);
    assert.deepStrictEqual(reports, new Array(4).fill({ accepted: 100000, refused: 0 }));
    const stats = cb.stats();
    assert.strictEqual(stats.accepted, 400000);
    assert.strictEqual(stats.run, 400000);
    assert.strictEqual(stats.dropped, 0);
    assert.strictEqual(stats.rejectedFull, 0);
    assert.strictEqual(stats.rejectedClosed, 0);
    assert.ok(stats.wakeups < 400000, `${stats.wakeups} wake-ups: not one per call`);
    assert.strictEqual(cb.pending, 0);
  });

  it('4 Workers x 20,000 calls into maxQueueSize 64, retrying refused calls: all delivered once, in order, never more than 64 pending', async function () {
    const { cb, reports, problems, next, maxPending } = await run(t, {
      workers: 4, count: 20000, maxQueueSize: 64, retry: true,
    });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(next, [20000, 20000, 20000, 20000]);
    const refused = reports.reduce((sum, report) => sum + report.refused, 0);
    assert.ok(refused > 0, 'the queue never filled up');
    assert.ok(reports.every((report) => report.accepted === 20000));
    const stats = cb.stats();
    assert.strictEqual(stats.accepted, 80000);
    assert.strictEqual(stats.run, 80000);
    assert.strictEqual(stats.rejectedFull, refused);
    assert.ok(maxPending <= 64, `pending reached ${maxPending}`);
  });
});
