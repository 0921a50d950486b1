'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { fixture, runNode } = require('./support/children');
const { ROOT, startWorker } = require('./support/helpers');

describe('20. loading the package', function () {

  it('exports ThreadSafeCallback, the job helpers, include_dir and gyp', function () {
    const api = require(ROOT);
    assert.deepStrictEqual(Object.keys(api).sort(),
      ['Job', 'ThreadSafeCallback', 'gyp', 'include_dir', 'job', 'runJob']);
    assert.strictEqual(typeof api.ThreadSafeCallback, 'function');
    assert.strictEqual(api.ThreadSafeCallback.name, 'ThreadSafeCallback');
  });

  it('returns the same class every time it is read', function () {
    const api = require(ROOT);
    assert.strictEqual(api.ThreadSafeCallback, api.ThreadSafeCallback);
  });

  it('include_dir is an absolute folder holding threadsafe_callback.h', function () {
    const { include_dir: dir } = require(ROOT);
    assert.ok(path.isAbsolute(dir));
    assert.ok(fs.statSync(path.join(dir, 'threadsafe_callback.h')).isFile());
  });

  it('gyp names an existing .gyp file and its threadsafe_callback target', function () {
    const { gyp } = require(ROOT);
    const match = /^(.*\.gyp):threadsafe_callback$/.exec(gyp);
    assert.ok(match, gyp);
    assert.ok(path.isAbsolute(match[1]));
    assert.ok(fs.statSync(match[1]).isFile());
  });

  it('reading include_dir and gyp never loads the compiled binding', async function () {
    const result = await runNode(fixture('load-lazily.js'));
    assert.strictEqual(result.code, 0, result.stderr);
    assert.deepStrictEqual(JSON.parse(result.stdout), {
      afterRequire: false, afterPaths: false, afterClass: true,
    });
  });

  it('works as an ES module import, named and default', async function () {
    const result = await runNode(fixture('load-esm.mjs'));
    assert.strictEqual(result.code, 0, result.stderr);
    assert.deepStrictEqual(result.lines, ['named: function', 'same class: true', 'ran: 42']);
  });

  it('ThreadSafeCallback cannot be called without new', function () {
    const { ThreadSafeCallback } = require(ROOT);
    assert.throws(() => ThreadSafeCallback(() => {}), TypeError);
  });

  it('loads and runs in 4 Workers at once, each with callbacks of its own (context aware)', async function () {
    const workers = [];
    for (let i = 0; i < 4; i++) {
      workers.push(startWorker(fixture('own-callbacks.js'), { workerData: { calls: 1000 } }));
    }
    const codes = await Promise.all(workers.map((worker) => worker.ended));
    assert.deepStrictEqual(codes, [0, 0, 0, 0]);
    for (const report of await Promise.all(workers.map((worker) => worker.next()))) {
      assert.deepStrictEqual(report, { sum: 499500, count: 1000, closed: true });
    }
  });
});
