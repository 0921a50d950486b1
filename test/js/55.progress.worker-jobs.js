'use strict';
// Jobs run in a worker_threads Worker (Job.worker + runJob): the same face
// as native jobs, progress through a shared ThreadSafeCallback.
const assert = require('assert');
const { getEventListeners } = require('events');
const { Job, runJob } = require('../..');
const { loopTurns } = require('./support/helpers');
const { fixture } = require('./support/children');

const worker = fixture('progress-worker-job.js');

describe('55. progress workers: Worker jobs', function () {

  it('queue mode: every value in order, then the result', async function () {
    const events = [];
    const running = Job.worker(worker, { workerData: { kind: 'count', n: 2000 }, mode: 'queue' });
    running.on('progress', (value) => events.push(value));
    const result = await running;
    events.push('resolved');
    assert.deepStrictEqual(result, { counted: 2000 });
    assert.deepStrictEqual(events, [...Array.from({ length: 2000 }, (_, i) => i + 1), 'resolved']);
    assert.deepStrictEqual([running.mode, running.delivered, running.reported, running.coalesced],
      ['queue', 2000, 2000, 0]);
  });

  it('latest mode: a flood is coalesced, the last value arrives last', async function () {
    const n = 300000;
    const seen = [];
    const at = [];
    const turns = loopTurns();
    const running = Job.worker(worker, { workerData: { kind: 'count', n }, mode: 'latest' });
    running.on('progress', (value) => {
      seen.push(value);
      at.push(turns.count);
    });
    assert.deepStrictEqual(await running, { counted: n });
    turns.stop();
    assert.strictEqual(running.mode, 'latest');
    assert.strictEqual(seen[seen.length - 1], n);
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i] > seen[i - 1]);
      assert.ok(at[i] > at[i - 1], `two deliveries in loop turn ${at[i]}`);
    }
    assert.strictEqual(running.reported, n);
    assert.strictEqual(running.coalesced, n - seen.length);
  });

  it('abort during a synchronous loop: throwIfAborted() sees it, the job rejects with an AbortError', async function () {
    const controller = new AbortController();
    const running = Job.worker(worker, { workerData: { kind: 'sync-until-aborted' }, signal: controller.signal });
    let last = 0;
    // Not on 5 exactly: in 'latest' mode a busy machine may coalesce it away.
    running.on('progress', (value) => {
      last = value;
      if (value >= 5 && !controller.signal.aborted) controller.abort('stop');
    });
    await assert.rejects(running, { name: 'AbortError', code: 'ABORT_ERR', cause: 'stop' });
    assert.ok(last >= 5, `the last value delivered was ${last}`);
    assert.ok(running.reported >= last);
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('abort while the work awaits: the Worker\'s own signal fires', async function () {
    const controller = new AbortController();
    const running = Job.worker(worker, { workerData: { kind: 'async-until-aborted' }, signal: controller.signal });
    running.once('progress', () => controller.abort());
    await assert.rejects(running, { name: 'AbortError' });
  });

  it('aborted before the start: rejects without starting a Worker', async function () {
    const controller = new AbortController();
    controller.abort();
    const before = process.getActiveResourcesInfo().length;
    const running = Job.worker(worker, { workerData: { kind: 'count', n: 1 }, signal: controller.signal });
    assert.strictEqual(process.getActiveResourcesInfo().length, before);
    await assert.rejects(running, { name: 'AbortError' });
    assert.strictEqual(running.delivered, 0);
  });

  it('aborted after completion: the result stands', async function () {
    const controller = new AbortController();
    const running = Job.worker(worker, { workerData: { kind: 'count', n: 3 }, signal: controller.signal });
    assert.deepStrictEqual(await running, { counted: 3 });
    controller.abort();
    assert.deepStrictEqual(await running, { counted: 3 });
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('what the work throws arrives as the same kind of error, with its code and the Worker\'s stack', async function () {
    await assert.rejects(Job.worker(worker, { workerData: { kind: 'throw', n: 7 } }), (error) => {
      assert.ok(error instanceof RangeError);
      assert.strictEqual(error.message, 'no 7');
      assert.strictEqual(error.code, 'ERR_NO');
      assert.match(error.stack, /progress-worker-job\.js/);
      return true;
    });
  });

  it('a result that cannot be copied rejects with the copy\'s TypeError', async function () {
    await assert.rejects(Job.worker(worker, { workerData: { kind: 'uncopyable' } }),
      { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"args\[1\]\.fn" property/ });
  });

  it('a Worker that exits before its work returns rejects the job', async function () {
    const running = Job.worker(worker, { workerData: { kind: 'exit' }, mode: 'queue' });
    const seen = [];
    running.on('progress', (value) => seen.push(value));
    await assert.rejects(running, { message: "The job's Worker exited with code 7 before its work returned" });
    assert.deepStrictEqual(seen, [1]);
  });

  it('runJob() outside a job\'s Worker throws ERR_INVALID_STATE', function () {
    assert.throws(() => runJob(() => 1), { code: 'ERR_INVALID_STATE', message: /only in a Worker started by Job\.worker\(\)/ });
  });
});
