'use strict';
const assert = require('assert');
const { fixture, pool, runNode } = require('./support/children');

const keepAliveScript = fixture('keep-alive.js');

// [keepAlive, action, what the child prints]: "timer" means the callback kept
// the event loop alive until an unref'd 300 ms timer closed it (armed at the
// start, or when the Worker has ended).
const cases = [
  ['true', 'idle', ['timer']],
  ['false', 'idle', []],
  ['pending', 'idle', []],
  ['true', 'unref', []],
  ['true', 'unref-ref', ['timer']],
  ['false', 'ref', ['timer']],
  ['pending', 'unref', []],
  ['pending', 'ref', ['timer']],
  ['true', 'call', ['ran 1', 'timer']],
  ['pending', 'call', ['ran 1']],
  ['true', 'close', []],
  ['true', 'released-handle', ['timer']],
  ['pending', 'worker', ['ran 0', 'ran 1', 'ran 2']],
  ['true', 'worker', ['ran 0', 'ran 1', 'ran 2', 'timer']],
];

const describeCase = {
  idle: 'with nothing to do',
  unref: 'after unref()',
  'unref-ref': 'after unref() then ref()',
  ref: 'after ref()',
  call: 'with one call made at start',
  close: 'after close()',
  'released-handle': 'after a shared handle was made and released',
  worker: 'after a Worker called 3 times and ended',
};

describe('26. keepAlive, ref() and unref(): whether the owner\'s event loop stays alive (child processes)', function () {
  let results;
  before(async function () {
    results = await pool(cases.map(([mode, action]) => () => runNode(keepAliveScript, [mode, action])), 4);
  });

  cases.forEach(([mode, action, expected], index) => {
    const stays = expected.includes('timer');
    it(`keepAlive ${mode} ${describeCase[action]}: ${stays ? 'stays alive until closed' : 'lets the process exit'}${
      expected.some((line) => line.startsWith('ran')) ? ', after running the calls' : ''}`, function () {
      const result = results[index];
      assert.strictEqual(result.timedOut, false);
      assert.strictEqual(result.code, 0, result.stderr);
      assert.deepStrictEqual(result.lines, expected);
    });
  });

  it('keepAlive false with one call made at start: the process exits without waiting for it', function () {
    // Like an unref'd timer: nothing holds the loop, so the call may never run.
    return runNode(keepAliveScript, ['false', 'call']).then((result) => {
      assert.strictEqual(result.code, 0, result.stderr);
      assert.ok(!result.lines.includes('timer'));
    });
  });
});
