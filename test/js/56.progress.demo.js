'use strict';
// The demo (npm run demo) with stdout piped: plain lines, one job cancelled
// half-way, and a summary whose numbers add up. It builds its addon first
// when that is missing or older than what it is built from.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { runNode } = require('./support/children');

const demo = path.join(__dirname, '..', '..', 'examples', 'progress', 'demo.js');
const { ADDON, sources, staleReason } = require('../../examples/progress/build');

describe('56. the progress demo', function () {

  it('runs to completion with stdout piped: plain lines, a cancelled job, a summary that adds up', async function () {
    const result = await runNode(demo, []);
    assert.strictEqual(result.timedOut, false);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes('\u001b'), 'no terminal escape codes in a pipe');
    const summary = result.lines[result.lines.length - 1];
    const match = /^summary: 6 jobs \(5 done, 1 cancelled\) in (\d+\.\d) s; progress values: (\d+) reported, (\d+) delivered, (\d+) coalesced$/
      .exec(summary);
    assert.ok(match, summary);
    const [reported, delivered, coalesced] = match.slice(2).map(Number);
    assert.strictEqual(delivered + coalesced, reported);
    assert.ok(delivered > 0 && delivered < reported / 2, `${delivered} of ${reported} delivered`);
    const body = result.lines.slice(0, -1);
    assert.ok(body.every((line) => /^\[\s*\d+\.\d s\] .+  (\d+%|done: .+|cancelled at \d+%)$/.test(line)), body.join('\n'));
    const cancelled = body.filter((line) => line.includes('cancelled at'));
    assert.strictEqual(cancelled.length, 1);
    assert.match(cancelled[0], /mandelbrot: seahorse valley\s+cancelled at 5\d%$/);
    const done = body.filter((line) => line.includes('done: '));
    assert.strictEqual(done.length, 5);
    assert.ok(done.some((line) => /primes below 10M \(Worker\)\s+done: 664579 primes$/.test(line)), done.join('\n'));
    assert.ok(done.some((line) => /pi from 100M points \(Worker\)\s+done: pi = 3\.14\d+$/.test(line)), done.join('\n'));
  });

  it('counts its addon stale once any of its sources is newer: addon.cc, its gyp file, each library header', function () {
    assert.strictEqual(staleReason(), null, 'the run above left the addon up to date');
    const built = fs.statSync(ADDON).mtime;
    const files = sources();
    assert.ok(files.some((file) => file.endsWith(path.join('include', 'threadsafe_callback.h'))));
    for (const file of files) {
      const { atime, mtime } = fs.statSync(file);
      fs.utimesSync(file, atime, new Date(built.getTime() + 10000));
      try {
        assert.strictEqual(staleReason(), `${path.relative(process.cwd(), file)} is newer than the build`);
      } finally {
        fs.utimesSync(file, atime, mtime);
      }
    }
    assert.strictEqual(staleReason(), null);
  });
});
