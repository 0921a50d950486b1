'use strict';
// Progress workers cut short by teardown: process.exit() on the main thread,
// process.exit() inside a Worker, worker.terminate(). The work is cancelled,
// its thread ends (what it captured is destroyed) before the environment is
// gone, the job's Promise never settles, and the process exits by itself.
const assert = require('assert');
const { flavours } = require('./support/addons');
const { fixture, runNode } = require('./support/children');

const progressExit = fixture('progress-exit.js');

// `a` comes before `b` in `lines`, both present.
function assertBefore(lines, a, b) {
  const ia = lines.indexOf(a);
  const ib = lines.indexOf(b);
  assert.ok(ia >= 0, `no "${a}" in ${JSON.stringify(lines)}`);
  assert.ok(ib >= 0, `no "${b}" in ${JSON.stringify(lines)}`);
  assert.ok(ia < ib, `"${a}" after "${b}" in ${JSON.stringify(lines)}`);
}

for (const flavour of flavours) {
  describe(`54. progress workers: teardown (${flavour.name})`, function () {

    it('a job ran to its end, then the loop runs dry: the process exits by itself, cleanly', async function () {
      const result = await runNode(progressExit, [flavour.file, 'loop-ends']);
      assert.strictEqual(result.timedOut, false);
      assert.strictEqual(result.signal, null, result.stderr);
      assert.strictEqual(result.code, 0, result.stderr);
      assert.strictEqual(result.stderr, '');
      assert.deepStrictEqual(result.lines, ['main resolved 1000 after 1000 values', 'exit']);
    });

    it('process.exit() on the main thread mid-job: cancelled and joined before the process ends', async function () {
      const result = await runNode(progressExit, [flavour.file, 'process-exit']);
      assert.strictEqual(result.timedOut, false);
      assert.strictEqual(result.code, 0, result.stderr);
      assert.strictEqual(result.stderr, '');
      assert.deepStrictEqual(result.lines, ['progress', 'exit', 'main cancelled', 'main state destroyed']);
    });

    it('process.exit() inside a Worker mid-job: the Worker\'s exit hook cancels and joins it', async function () {
      const result = await runNode(progressExit, [flavour.file, 'worker-exit']);
      assert.strictEqual(result.timedOut, false);
      assert.strictEqual(result.code, 0, result.stderr);
      assert.strictEqual(result.stderr, '');
      assert.deepStrictEqual([...result.lines].sort(),
        ['worker cancelled', 'worker exited 0', 'worker progress', 'worker state destroyed']);
      assertBefore(result.lines, 'worker cancelled', 'worker state destroyed');
      assertBefore(result.lines, 'worker state destroyed', 'worker exited 0');
    });

    it('worker.terminate() mid-job: cancelled and joined before the Worker is gone', async function () {
      const result = await runNode(progressExit, [flavour.file, 'worker-terminate']);
      assert.strictEqual(result.timedOut, false);
      assert.strictEqual(result.code, 0, result.stderr);
      assert.strictEqual(result.stderr, '');
      assert.deepStrictEqual(result.lines,
        ['worker progress', 'worker cancelled', 'worker state destroyed', 'worker exited 1']);
    });
  });
}
