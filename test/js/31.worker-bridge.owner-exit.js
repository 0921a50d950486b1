'use strict';
const assert = require('assert');
const { fixture, pool, runNode } = require('./support/children');

const HOWS = ['exit', 'end', 'throw'];

describe('31. the owner\'s environment ends while Workers hold handles and call', function () {
  this.timeout(180000);

  describe('the main thread ends (50 child processes, 2 calling Workers each)', function () {
    let results;
    before(async function () {
      results = await pool(Array.from({ length: 50 }, (_, i) => () =>
        runNode(fixture('owner-exit.js'), [HOWS[i % 3]])), 2);
    });

    it('no child hangs or dies of a signal', function () {
      const bad = results.filter((r) => r.timedOut || r.signal !== null);
      assert.deepStrictEqual(bad.map((r) => ({ timedOut: r.timedOut, signal: r.signal, stderr: r.stderr })), []);
    });

    it('every child got 200 calls before its end', function () {
      for (const result of results) assert.deepStrictEqual(result.lines, ['200 calls ran']);
    });

    it('process.exit(0) and a loop that runs dry exit with code 0 and print nothing to stderr', function () {
      results.forEach((result, i) => {
        if (HOWS[i % 3] === 'throw') return;
        assert.strictEqual(result.code, 0, result.stderr);
        assert.strictEqual(result.stderr, '');
      });
    });

    it('an uncaught exception from fn exits with code 1, reporting just that exception', function () {
      results.forEach((result, i) => {
        if (HOWS[i % 3] !== 'throw') return;
        assert.strictEqual(result.code, 1);
        assert.match(result.stderr, /Error: owner failed/);
        assert.doesNotMatch(result.stderr, /FATAL|Abort|Segmentation|terminate called/);
      });
    });
  });

  // exit and terminate end the owner's environment whatever its producers
  // do; run dry (unref(), then the loop ends) needs a loop that can run dry
  // while producers still call, which Bun's cannot (test/runtimes/exclusions.js).
  const ends = [
    { hows: ['exit', 'terminate'], cycles: 34, title: 'exit, terminate', codes: { exit: [0], terminate: [1] } },
    { hows: ['end'], cycles: 16, title: 'run dry', codes: { end: [0] } },
  ];
  for (const { hows, cycles, title, codes } of ends) {
    describe(`an owner Worker ends (${cycles} cycles in a child process: ${title})`, function () {
      let result;
      let summary;
      before(async function () {
        result = await runNode(fixture('owner-worker-cycles.js'), [String(cycles), hows.join(',')], { timeout: 120000 });
        summary = result.lines.length ? JSON.parse(result.lines[0]) : {};
      });

      it('the child neither crashes nor hangs', function () {
        assert.strictEqual(result.timedOut, false);
        assert.strictEqual(result.signal, null);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.strictEqual(result.stderr, '');
      });

      it('after the owner\'s end, every producer\'s calls return false and its handle reads closed', function () {
        assert.deepStrictEqual(summary.problems, []);
      });

      it(`owner Workers exit with ${Object.entries(codes).map(([how, [code]]) => `${code} (${how})`).join(', ')}`, function () {
        assert.deepStrictEqual(summary.codes, codes);
      });
    });
  }
});
