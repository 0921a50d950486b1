'use strict';
const assert = require('assert');
const { load, startWorker, tracker } = require('./support/helpers');
const { fixture } = require('./support/children');

const { ThreadSafeCallback } = load();
const spinCaller = fixture('spin-caller.js');
const WORKERS = 4;
const AFTER = 1000;

// 4 Workers call as fast as they can; the owner closes after `closeAfter`
// runs, from inside fn or from a timer callback.
async function round(t, { closeAfter, from }) {
  let runs = 0;
  let closeReturned = false;
  let runsAfterClose = 0;
  const next = new Array(WORKERS).fill(0);
  let outOfOrder = 0;
  const close = () => {
    cb.close();
    closeReturned = true;
  };
  const cb = t.track(new ThreadSafeCallback((w, n) => {
    if (closeReturned) runsAfterClose++;
    if (n !== next[w]) outOfOrder++;
    next[w] = n + 1;
    if (++runs === closeAfter) {
      if (from === 'fn') close();
      else setTimeout(close, 0);
    }
  }));
  const token = cb.share();
  const workers = [];
  for (let w = 0; w < WORKERS; w++) {
    workers.push(startWorker(spinCaller, { workerData: { token, w, after: AFTER } }));
  }
  const reports = await Promise.all(workers.map((worker) => worker.next()));
  const codes = await Promise.all(workers.map((worker) => worker.ended));
  return { cb, runs, runsAfterClose, outOfOrder, reports, codes };
}

describe('29. the owner closes while Workers call', function () {
  const t = tracker();
  afterEach(() => t.closeAll());

  for (const from of ['fn', 'a timer']) {
    describe(`close() called from ${from}`, function () {
      let result;
      before(async function () {
        result = await round(t, { closeAfter: 20000, from: from === 'fn' ? 'fn' : 'timer' });
      });

      it('every Worker ends normally', function () {
        assert.deepStrictEqual(result.codes, new Array(WORKERS).fill(0));
      });

      it('no call runs after close() returns', function () {
        assert.strictEqual(result.runsAfterClose, 0);
        assert.ok(result.runs >= 20000);
      });

      it('once a Worker\'s call returns false, every later call returns false and handle.closed is true', function () {
        for (const report of result.reports) {
          assert.strictEqual(report.acceptedAfterRefusal, 0);
          assert.strictEqual(report.closed, true);
        }
      });

      it('every accepted call either ran once or was dropped: accepted = run + dropped', function () {
        const stats = result.cb.stats();
        const accepted = result.reports.reduce((sum, report) => sum + report.accepted, 0);
        assert.strictEqual(stats.accepted, accepted);
        assert.strictEqual(stats.run, result.runs);
        assert.strictEqual(stats.run + stats.dropped, stats.accepted);
        assert.strictEqual(result.cb.pending, 0);
      });

      it('calls refused after the close are counted: rejectedClosed = 4 x (1 + 1000)', function () {
        assert.strictEqual(result.cb.stats().rejectedClosed, WORKERS * (1 + AFTER));
      });

      it('calls that ran kept each Worker\'s order', function () {
        assert.strictEqual(result.outOfOrder, 0);
      });
    });
  }
});
