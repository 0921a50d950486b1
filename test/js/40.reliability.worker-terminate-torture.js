'use strict';
// Teardown torture (issue 5): 500 Workers, each with two callbacks and 4
// producer threads, terminated at seeded random points of their lives, in a
// child process. TSCB_TEST_SCALE=N runs 500/N cycles (the sanitizer job).
const assert = require('assert');
const { fixture, runNode } = require('./support/children');

const scale = Math.max(1, Number(process.env.TSCB_TEST_SCALE) || 1);
const cycles = Math.max(20, Math.floor(500 / scale));
const seed = 5001;

describe(`40. reliability: ${cycles} Workers terminated at seeded random points while 4 producer threads call`, function () {
  // Its total time is the machine's speed: the guard is on progress, a
  // cycle that takes 2 minutes is a hang.
  this.timeout(0);
  let result;
  let summary;
  before(async function () {
    result = await runNode(fixture('reliability-terminate.js'), [cycles, seed], { stallMs: 120000 });
    summary = JSON.parse(result.stdout.trim().split('\n').pop() || '{}');
  });

  it('5. the process neither crashes nor hangs, and prints nothing on stderr', function () {
    assert.strictEqual(result.signal, null, result.stderr);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(result.stderr, '');
    assert.strictEqual(summary.cycles, cycles);
    assert.strictEqual(summary.errors, 0);
  });

  it('5. every Worker exits with code 1 from terminate()', function () {
    let total = 0;
    for (const [key, count] of Object.entries(summary.exitCodes)) {
      assert.ok(['producing:1', 'starting:1'].includes(key), `unexpected exit ${key}`);
      total += count;
    }
    assert.strictEqual(total, cycles);
    // The seed picks each Worker's phase: both phases are exercised.
    assert.ok(summary.producing > 0, 'some Workers were terminated while their producers called');
    assert.ok(summary.producing < cycles, 'some Workers were terminated as they started');
    assert.strictEqual(summary.exitCodes['producing:1'], summary.producing);
  });

  it('1. every closure made was destroyed exactly once: run + destroyed unrun == accepted, producers all joined', function () {
    const ledger = summary.ledger;
    assert.ok(ledger.accepted > 0);
    assert.strictEqual(ledger.destroyed, ledger.made, 'made == destroyed');
    assert.strictEqual(ledger.accepted + ledger.rejected, ledger.made, 'every call accepted or refused');
    assert.strictEqual(ledger.ran + (ledger.destroyedUnrun - ledger.rejected), ledger.accepted,
      'run + destroyed unrun == accepted');
    assert.strictEqual(ledger.producers, 0, 'every producer thread returned');
  });
});
