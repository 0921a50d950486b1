'use strict';
// onFinished({ stats, reason }) in JavaScript: 'closed' or 'released', once,
// after the last call; never at teardown.
const assert = require('assert');
const { fixture, runNode } = require('./support/children');
const { load, startWorker, tracker, turn, until } = require('./support/helpers');

const { ThreadSafeCallback } = load();

const STATS = (over) => ({
  accepted: 0, run: 0, dropped: 0, rejectedFull: 0, rejectedClosed: 0, wakeups: 0, maxBatch: 0, ...over,
});

describe('34. onFinished', function () {
  const t = tracker();
  afterEach(() => t.closeAll());

  it("close() after the calls ran: { reason: 'closed', stats } once, on a later turn, with this undefined", async function () {
    const events = [];
    let self = null;
    const cb = t.track(new ThreadSafeCallback((i) => events.push(i), {
      onFinished(event) {
        self = this;
        events.push(event);
      },
    }));
    cb.call(1);
    cb.call(2);
    await until(() => events.length === 2);
    cb.close();
    assert.strictEqual(events.length, 2, 'not inside close()');
    await until(() => events.length === 3);
    for (let i = 0; i < 5; i++) await turn();
    assert.strictEqual(events.length, 3);
    const event = events[2];
    assert.deepStrictEqual(Object.keys(event).sort(), ['reason', 'stats']);
    assert.strictEqual(event.reason, 'closed');
    assert.strictEqual(event.stats.accepted, 2);
    assert.strictEqual(event.stats.run, 2);
    assert.strictEqual(event.stats.dropped, 0);
    assert.strictEqual(self, undefined);
  });

  it("close() from inside fn: onFinished after it, the rest counted as dropped", async function () {
    const events = [];
    const cb = t.track(new ThreadSafeCallback((i) => {
      events.push(i);
      if (i === 1) cb.close();
    }, { onFinished: (event) => events.push(event) }));
    for (let i = 0; i < 4; i++) cb.call(i);
    await until(() => events.length === 3);
    assert.deepStrictEqual(events.slice(0, 2), [0, 1]);
    assert.strictEqual(events[2].reason, 'closed');
    assert.deepStrictEqual(events[2].stats, STATS({ accepted: 4, run: 2, dropped: 2, wakeups: 1, maxBatch: 2 }));
  });

  it('a throw from onFinished goes to onError', async function () {
    const errors = [];
    const cb = new ThreadSafeCallback(() => {}, {
      onFinished: () => { throw new Error('finished badly'); },
      onError: (error) => errors.push(error),
    });
    cb.close();
    await until(() => errors.length === 1);
    assert.strictEqual(errors[0].message, 'finished badly');
  });

  it("the last reference garbage collected: { reason: 'released' } after every accepted call ran", async function () {
    const result = await runNode(fixture('on-finished-released.js'), [],
      { execArgv: ['--expose-gc'] });
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(result.lines.length, 1, result.stdout);
    const { seen, event } = JSON.parse(result.lines[0]);
    assert.deepStrictEqual(seen, [0, 1, 2]);
    assert.strictEqual(event.reason, 'released');
    assert.strictEqual(event.stats.accepted, 3);
    assert.strictEqual(event.stats.run, 3);
    assert.strictEqual(event.stats.dropped, 0);
  });

  for (const end of ['terminate', 'exit']) {
    it(`never called at teardown (a Worker ${end === 'exit' ? 'that exits' : 'terminated'} with its callback open)`, async function () {
      const flags = new SharedArrayBuffer(8);
      const worker = startWorker(fixture('on-finished-worker.js'),
        { workerData: { flags, end } });
      if (end === 'terminate') {
        assert.strictEqual(await worker.next(), 'ran');
        await worker.worker.terminate();
      }
      await worker.ended;
      const counts = new Int32Array(flags);
      assert.ok(counts[0] >= 1);
      assert.strictEqual(counts[1], 0);
    });
  }
});
