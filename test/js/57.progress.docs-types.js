'use strict';
// Jobs with progress: index.d.ts declares every member, docs/progress.md has
// its sections, and its examples are the ones the tests compile and run.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { fixture, runNode } = require('./support/children');
const { ROOT } = require('./support/helpers');
const { Job } = require('../..');

const read = (...parts) => fs.readFileSync(path.join(ROOT, ...parts), 'utf8');
const dts = read('lib', 'index.d.ts');
const doc = read('docs', 'progress.md');

// Whether a /** */ comment ends right above the first line matching `pattern`.
function documented(pattern) {
  const lines = dts.split('\n');
  const index = lines.findIndex((line) => pattern.test(line));
  if (index < 0) return false;
  let above = index - 1;
  while (above >= 0 && lines[above].trim() === '') above--;
  return above >= 0 && lines[above].trim().endsWith('*/');
}

describe('57. jobs with progress: typings and docs', function () {

  for (const [name, pattern] of [
    ['type ProgressMode', /^export type ProgressMode = 'queue' \| 'latest';/],
    ['interface JobControls', /^export interface JobControls</],
    ['interface JobOptions', /^export interface JobOptions \{/],
    ['interface WorkerJobOptions', /^export interface WorkerJobOptions</],
    ['interface JobContext', /^export interface JobContext</],
    ['class Job', /^export declare class Job</],
    ['Job constructor', /^\s+constructor\(start: \(controls: JobControls<P>\) => PromiseLike<T>/],
    ['Job.worker', /^\s+static worker</],
    ['function job', /^export declare function job</],
    ['function runJob', /^export declare function runJob</],
    ['reportProgress', /^\s+reportProgress\(value: Copyable\): void;/],
    ['throwIfAborted', /^\s+throwIfAborted\(\): void;/],
  ]) {
    it(`index.d.ts declares ${name}, with a doc comment`, function () {
      assert.ok(documented(pattern), name);
    });
  }

  it('every method and accessor of Job is declared in index.d.ts', function () {
    for (const key of Object.getOwnPropertyNames(Job.prototype)) {
      if (key === 'constructor') continue;
      assert.match(dts, new RegExp(`^\\s+(readonly )?${key}[(:<]`, 'm'), key);
    }
    assert.match(dts, /^\s+\[Symbol\.asyncIterator\]\(\): AsyncIterator<P>;/m);
  });

  for (const heading of ['## C++: the work, and nothing else', '### The rules', '### Reference (namespace `tscb`)',
    '## JavaScript: the face of a job', '### `new Job(start, [options])` and `job(start, [options])`',
    '### Jobs in a Worker: `Job.worker(filename, [options])` and `runJob(work)`', '## Not promised', '## The demo']) {
    it(`docs/progress.md has a section "${heading}"`, function () {
      assert.ok(doc.includes(`\n${heading}\n`), heading);
    });
  }

  it('the C++ example is the one the test addon compiles (sum), and it runs', async function () {
    const example = /```cpp\n#include <tscb\/progress_worker.h>\n\n(Napi::Value Sum[\s\S]*?\n\})\n/.exec(doc);
    assert.ok(example, 'no Sum() in docs/progress.md');
    assert.ok(read('test', 'addon', 'progress.cc').includes(example[1]), 'test/addon/progress.cc differs');
    assert.ok(read('include', 'tscb', 'progress_worker.h').includes(
      example[1].split('\n').map((line) => `//   ${line}`.trimEnd()).join('\n')), 'the header comment differs');
    const { progress } = require('./support/addons').load(require('./support/addons').flavours[0]);
    const { job } = require('../..');
    const seen = [];
    const summing = job((controls) => progress.sum(1000, controls), { mode: 'queue' });
    summing.on('progress', (fraction) => seen.push(fraction));
    assert.strictEqual(await summing, 500500);
    assert.strictEqual(seen.length, 1000);
    assert.strictEqual(seen[999], 1);
  });

  it('the Worker example runs as written', async function () {
    const example = /### Jobs in a Worker[\s\S]*?```js\n([\s\S]*?)```/.exec(doc);
    const docsWorker = fixture('progress-docs-worker.js');
    assert.strictEqual(example[1], fs.readFileSync(docsWorker, 'utf8'));
    const result = await runNode(docsWorker);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.deepStrictEqual(result.lines, [1, 2, 3, 4, 5].map((done) => `progress: ${done}/5`).concat('sum: 15'));
  });
});
