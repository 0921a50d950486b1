'use strict';
// One default progress mode, 'queue', for native jobs (C++
// ProgressWorkerOptions) and JS jobs (Job, Job.worker); the native side never
// writes into the caller's controls object.
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { job, Job } = require('../..');
const { fixture } = require('./support/children');

const ONE_TO_100 = Array.from({ length: 100 }, (_, i) => i + 1);

eachFlavour('58. progress workers: the default mode', (addon) => {
  const { progress } = addon;

  it("a native job with no mode asked: 'queue', every value of a migrated echo worker arrives", async function () {
    const seen = [];
    const running = job((controls) => progress.countTo(100, controls));
    running.on('progress', (value) => seen.push(value));
    assert.strictEqual(running.mode, 'queue');
    assert.strictEqual(await running, 100);
    assert.deepStrictEqual(seen, ONE_TO_100);
    assert.deepStrictEqual([running.delivered, running.reported, running.coalesced], [100, 100, 0]);
  });

  it("a direct call with no mode: the C++ default is 'queue' too, and controls is left as it was", async function () {
    const seen = [];
    const controls = { onProgress: (value) => seen.push(value) };
    assert.strictEqual(await progress.countTo(100, controls), 100);
    assert.deepStrictEqual(seen, ONE_TO_100);
    assert.deepStrictEqual(Object.keys(controls), ['onProgress'], 'no mode written back');
  });

  it('a frozen controls object works: nothing is written into it', async function () {
    const seen = [];
    const controls = Object.freeze({ onProgress: (value) => seen.push(value), mode: 'queue' });
    assert.strictEqual(await progress.countTo(10, controls), 10);
    assert.deepStrictEqual(seen, ONE_TO_100.slice(0, 10));
  });

  it("an addon that chose 'latest' for callers that name none: a direct call coalesces, the last value arrives", async function () {
    const seen = [];
    const controls = { onProgress: (value) => seen.push(value) };
    assert.strictEqual(await progress.levels(200000, controls), 200000);
    assert.strictEqual(seen[seen.length - 1], 200000);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1]);
    assert.deepStrictEqual(Object.keys(controls), ['onProgress']);
  });

  it("a Job always names its mode: the controls it passes say 'queue' unless asked, and job.mode agrees", async function () {
    const passed = [];
    const queued = job((controls) => { passed.push({ ...controls }); return progress.countTo(1, controls); });
    const latest = job((controls) => { passed.push({ ...controls }); return progress.countTo(1, controls); },
      { mode: 'latest' });
    await Promise.all([queued, latest]);
    assert.deepStrictEqual(passed.map((controls) => controls.mode), ['queue', 'latest']);
    assert.deepStrictEqual([queued.mode, latest.mode], ['queue', 'latest']);
  });
});

describe('58. progress workers: the default mode of Worker jobs', function () {
  it("Job.worker with no mode asked: 'queue', every value in order", async function () {
    const seen = [];
    const running = Job.worker(fixture('progress-worker-job.js'),
      { workerData: { kind: 'count', n: 100 } });
    running.on('progress', (value) => seen.push(value));
    assert.deepStrictEqual(await running, { counted: 100 });
    assert.strictEqual(running.mode, 'queue');
    assert.deepStrictEqual(seen, ONE_TO_100);
  });
});
