'use strict';
// Teardown torture (issue 5): 200 child processes call process.exit(code) at
// a seeded random point (inside a closure mid-drain, from a timer, at once,
// on the next tick, with producers blocked on a full queue) while 4 producer
// threads call. Two children run at a time. TSCB_TEST_SCALE=N runs 200/N.
const assert = require('assert');
const { fixture, runNode } = require('./support/children');
const { mulberry32 } = require('./fixtures/reliability-random');

const scale = Math.max(1, Number(process.env.TSCB_TEST_SCALE) || 1);
const children = Math.max(20, Math.floor(200 / scale));
const seed = 4100;

describe(`41. reliability: ${children} children call process.exit() at seeded random points while producers call`, function () {
  // Its total time is the machine's speed; each child has its own hang guard.
  this.timeout(0);
  const results = [];
  before(async function () {
    let next = 0;
    async function lane() {
      while (next < children) {
        const index = next++;
        const childSeed = seed + index;
        const code = Math.floor(mulberry32(childSeed)() * 4);  // the child's first draw
        const result = await runNode(fixture('reliability-exit.js'), [index % 2, childSeed]);
        results[index] = { index, code, result };
      }
    }
    await Promise.all([lane(), lane()]);
  });

  it(`5. all ${children} exit with their own code, no signal, nothing on stderr`, function () {
    assert.strictEqual(results.length, children);
    const wrong = results.filter(({ code, result }) =>
      result.signal !== null || result.code !== code || result.stderr !== '');
    assert.deepStrictEqual(wrong.map(({ index, code, result }) =>
      ({ index, expected: code, code: result.code, signal: result.signal, stderr: result.stderr.slice(0, 500) })), []);
  });

  it('the seeds spread over every exit code', function () {
    const codes = new Set(results.map(({ code }) => code));
    assert.deepStrictEqual([...codes].sort(), [0, 1, 2, 3]);
  });
});
