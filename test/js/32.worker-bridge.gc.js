'use strict';
const assert = require('assert');
const { fixture, runNode } = require('./support/children');

const gcScript = fixture('gc.js');
const run = (scenario, options) => runNode(gcScript, [scenario], { execArgv: ['--expose-gc'], ...options });

describe('32. garbage collection releases references (--expose-gc, child processes)', function () {
  const results = {};
  before(async function () {
    const scenarios = ['worker-drops', 'owner-dropped', 'token-only', 'pending-calls', 'pending-mode'];
    const settled = await Promise.all([...scenarios.map((s) => run(s)),
      run('worker-holds', { killAfter: 'alive after the collection' })]);
    [...scenarios, 'worker-holds'].forEach((scenario, i) => { results[scenario] = settled[i]; });
  });

  function exitsCleanly(result) {
    assert.strictEqual(result.timedOut, false, 'the process did not exit');
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(result.stderr, '');
  }

  it('a Worker\'s dropped handle is collected and its reference released: with the owner\'s gone too, the process exits', function () {
    exitsCleanly(results['worker-drops']);
    assert.deepStrictEqual(results['worker-drops'].lines, ['ran hello']);
  });

  it('control: while the Worker keeps its handle, the process stays alive (keepAlive true)', function () {
    // Alive after the collection: its unref'd timer ran; then the test killed it.
    assert.strictEqual(results['worker-holds'].timedOut, false, results['worker-holds'].stderr);
    assert.strictEqual(results['worker-holds'].killedAfterLine, true);
    assert.deepStrictEqual(results['worker-holds'].lines, ['ran hello', 'alive after the collection']);
  });

  it('the owner\'s callback collected while a Worker holds a handle: the Worker\'s calls still run, then the process exits', function () {
    exitsCleanly(results['owner-dropped']);
    assert.deepStrictEqual(results['owner-dropped'].lines, ['ran 0', 'ran 1', 'ran 2', 'ran 3', 'ran 4']);
  });

  it('an unredeemed token holds no reference: the process exits, and the token then redeems to a closed handle', function () {
    exitsCleanly(results['token-only']);
    assert.deepStrictEqual(results['token-only'].lines, ['redeemed: closed true, call false']);
  });

  it('the owner\'s callback collected with calls pending: they still run (graceful release), then the process exits', function () {
    exitsCleanly(results['pending-calls']);
    assert.deepStrictEqual(results['pending-calls'].lines, ['ran 1', 'ran 2', 'ran 3']);
  });

  it('keepAlive \'pending\': the owner exits while a Worker still holds a handle, nothing being pending', function () {
    exitsCleanly(results['pending-mode']);
  });
});
