'use strict';
// Progress workers and AbortSignal: before the start the work never runs;
// during it the token is set and the job rejects with an AbortError once
// the work returned; after completion an abort changes nothing. Either way
// the listener is removed from the signal.
const assert = require('assert');
const { getEventListeners } = require('events');
const { eachFlavour } = require('./support/addons');
const { job } = require('../..');

function assertAbortError(error, reason) {
  assert.ok(error instanceof Error);
  assert.strictEqual(error.name, 'AbortError');
  assert.strictEqual(error.code, 'ABORT_ERR');
  assert.strictEqual(error.message, 'The operation was aborted');
  assert.strictEqual(error.cause, reason);
  assert.match(error.stack, /^AbortError: The operation was aborted($|\n)/);
}

eachFlavour('52. progress workers: abort', (addon) => {
  const { progress } = addon;

  it('aborted before the start: rejects at once, the work never runs, no listener is left', async function () {
    const probe = progress.newProbe();
    const controller = new AbortController();
    const reason = new Error('not today');
    controller.abort(reason);
    const running = job((controls) => progress.untilCancelled(probe, 'never', controls),
      { signal: controller.signal });
    let progressed = 0;
    running.on('progress', () => progressed++);
    await assert.rejects(running, (error) => {
      assertAbortError(error, reason);
      return true;
    });
    assert.deepStrictEqual(progress.readProbe(probe), [0, 0, 0]);
    assert.strictEqual(progressed, 0);
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('aborted during the work: the token stops it, the thread has ended when the job rejects', async function () {
    const probe = progress.newProbe();
    const controller = new AbortController();
    const running = job((controls) => progress.untilCancelled(probe, 'during', controls),
      { signal: controller.signal });
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 1);
    // Not on 3 exactly: in 'latest' mode a busy machine may coalesce it away.
    running.on('progress', (value) => {
      if (value >= 3 && !controller.signal.aborted) controller.abort();
    });
    await assert.rejects(running, (error) => {
      assertAbortError(error, controller.signal.reason);
      assert.strictEqual(error.cause.name, 'AbortError');  // the signal's default reason
      return true;
    });
    const [reported, started, returned] = progress.readProbe(probe);
    assert.deepStrictEqual([started, returned], [1, 1]);
    assert.ok(reported >= 3);
    assert.strictEqual(running.reported, reported, 'the values reported before it stopped all count');
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('aborted after completion: the result stands, and the listener was already removed', async function () {
    const controller = new AbortController();
    const running = job((controls) => progress.countTo(50, controls), { signal: controller.signal });
    assert.strictEqual(await running, 50);
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 0);
    controller.abort();
    assert.strictEqual(await running, 50);
    assert.strictEqual(running.state, 'fulfilled');
  });

  it('one signal cancels several jobs; each removes its own listener', async function () {
    const controller = new AbortController();
    const probes = [progress.newProbe(), progress.newProbe(), progress.newProbe()];
    const jobs = probes.map((probe, i) =>
      job((controls) => progress.untilCancelled(probe, `many-${i}`, controls), { signal: controller.signal }));
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 3);
    await Promise.all(jobs.map((running) => new Promise((resolve) => running.once('progress', resolve))));
    controller.abort('enough');
    const outcomes = await Promise.allSettled(jobs);
    assert.deepStrictEqual(outcomes.map((o) => [o.status, o.reason.name, o.reason.cause]),
      [0, 1, 2].map(() => ['rejected', 'AbortError', 'enough']));
    assert.deepStrictEqual(probes.map((probe) => progress.readProbe(probe).slice(1)), [[1, 1], [1, 1], [1, 1]]);
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('an async iterator over an aborted job throws the AbortError', async function () {
    const probe = progress.newProbe();
    const controller = new AbortController();
    const running = job((controls) => progress.untilCancelled(probe, 'iterated', controls),
      { signal: controller.signal, mode: 'queue' });
    const seen = [];
    await assert.rejects(async () => {
      for await (const value of running) {
        seen.push(value);
        if (value === 2) controller.abort();
      }
    }, { name: 'AbortError' });
    assert.deepStrictEqual(seen.slice(0, 2), [1, 2]);
  });
});
