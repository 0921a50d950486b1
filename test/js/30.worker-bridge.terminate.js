'use strict';
const assert = require('assert');
const { fixture, runNode } = require('./support/children');

describe('30. Workers terminated in the middle of their calls (child process)', function () {
  let result;
  let summary;
  before(async function () {
    result = await runNode(fixture('terminate-cycles.js'), ['50', '10'], {
      execArgv: ['--expose-gc'],
    });
    summary = result.lines.length > 0 ? JSON.parse(result.lines[0]) : {};
  });

  it('50 terminations (and 10 Workers ending without release()): the process neither crashes nor hangs', function () {
    assert.strictEqual(result.timedOut, false, 'the child hung');
    assert.strictEqual(result.signal, null);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(result.stderr, '');
  });

  it('terminated Workers exit with code 1, the others with 0', function () {
    assert.deepStrictEqual(summary.exitCodes, [1, 0]);
  });

  it('every call a terminated Worker got accepted ran exactly once, in order', function () {
    assert.deepStrictEqual(summary.mismatches, []);
    assert.strictEqual(summary.outOfOrder, 0);
    assert.strictEqual(summary.acceptedIsRun, true);
    assert.strictEqual(summary.dropped, 0);
  });

  it('the callback is still open and works after them', function () {
    assert.strictEqual(summary.closed, false);
    assert.strictEqual(summary.lastValue, 42);
  });

  it('their references went with them: once the owner drops its callback, the process exits', function () {
    // keepAlive is true: any reference a dead Worker kept would hold the
    // process open and time it out.
    assert.strictEqual(result.timedOut, false);
    assert.strictEqual(result.lines.length, 1);
  });
});
