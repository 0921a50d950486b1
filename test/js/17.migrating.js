'use strict';
// docs/migrating.md: every example of this library in the guide is the one
// test/addon/migrating.cc compiles, and each runs here, in both exception
// modes.
const assert = require('assert');
const { once } = require('events');
const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');
const { eachFlavour } = require('./support/addons');
const { fixture } = require('./support/children');
const { ROOT, until } = require('./support/helpers');
const { job, ThreadSafeCallback } = require('../..');

const guide = fs.readFileSync(path.join(ROOT, 'docs', 'migrating.md'), 'utf8');
const source = fs.readFileSync(path.join(ROOT, 'test', 'addon', 'migrating.cc'), 'utf8');

function blocks(language) {
  const found = [];
  const fence = new RegExp('```' + language.replace(/\+/g, '\\+') + '\\n([\\s\\S]*?)```', 'g');
  for (let match; (match = fence.exec(guide)) !== null;) found.push(match[1]);
  return found;
}

describe('17. docs/migrating.md', function () {
  it('every C++ example of this library (```cpp) is compiled verbatim in test/addon/migrating.cc', function () {
    const examples = blocks('cpp');
    assert.ok(examples.length >= 6, `${examples.length} examples`);
    for (const example of examples) assert.ok(source.includes(example), `not in migrating.cc:\n${example}`);
  });

  it('every JavaScript example (```js) is the one this file runs', function () {
    const self = fs.readFileSync(__filename, 'utf8');
    for (const example of blocks('js')) {
      const indented = example.split('\n').map((line) => (line ? `    ${line}` : line)).join('\n');
      assert.ok(self.includes(indented), `not in 17.migrating.js:\n${example}`);
    }
  });

  it('has a section for each peer and for the behaviours that differ', function () {
    for (const heading of ['## From `napi_threadsafe_function`',
      '## From `Napi::ThreadSafeFunction` and `TypedThreadSafeFunction`',
      '## From `AsyncProgressWorker` and `AsyncProgressQueueWorker`', '## Behaviours that differ']) {
      assert.ok(guide.includes(`\n${heading}\n`), heading);
    }
  });

  it('names every peer concept', function () {
    for (const concept of ['context', 'thread_finalize_cb', 'napi_acquire_threadsafe_function',
      'napi_tsfn_abort', 'initial_thread_count', 'napi_tsfn_blocking', '`env == NULL`',
      'napi_unref_threadsafe_function', 'tsfn.Acquire()', 'tsfn.Release()', 'tsfn.Abort()',
      'TypedThreadSafeFunction', 'AsyncProgressQueueWorker', 'AsyncProgressWorker',
      'Function::Call', 'Invoke', 'Microtasks run once per wake-up']) {
      assert.ok(guide.includes(concept), concept);
    }
  });

  it('the README links it', function () {
    assert.match(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), /\]\(docs\/migrating\.md\)/);
  });

  it('by default the microtasks of a wake-up run after all its calls (the contrast to drain_limit = 1)', async function () {
    const order = [];
    const cb = new ThreadSafeCallback((i) => {
      order.push(`fn ${i}`);
      Promise.resolve().then(() => order.push(`then ${i}`));
    });
    cb.call(0);
    cb.call(1);
    await until(() => order.length === 4, 'both calls');
    cb.close();
    assert.deepStrictEqual(order, ['fn 0', 'fn 1', 'then 0', 'then 1']);
  });
});

eachFlavour('17. migrating: the examples run', (addon) => {
  const { migrating } = addon;

  it('startTicker: every call in order, then done(run) once, after the thread was joined', async function () {
    const events = [];
    migrating.startTicker(1000, (i) => events.push(i), (run) => events.push(`done ${run}`));
    await until(() => events.length === 1001, 'the ticks and done');
    for (let i = 0; i < 5; i++) await new Promise(setImmediate);
    assert.deepStrictEqual(events, [...Array.from({ length: 1000 }, (_, i) => i), 'done 1000']);
  });

  it('startTicker in a terminated Worker: no null-env branch needed; on_finished joins the thread, JS not called', async function () {
    const worker = new Worker(fixture('migrating-ticker-worker.js'),
      { workerData: { flavour: addon.exceptions ? 0 : 1 } });
    const messages = [];
    worker.on('message', (message) => messages.push(message));
    await until(() => messages.length === 1, 'the first tick');
    const exited = once(worker, 'exit');
    await worker.terminate();
    await exited;
    assert.deepStrictEqual(messages, ['ticking']);
  });

  it('fullFromJs: BlockingCall on the JS thread into a full queue is kWouldDeadlock', function () {
    assert.strictEqual(migrating.fullFromJs(() => {}), true);
  });

  it('startSensors: per-sensor order, the context applied, done(run, dropped) once', async function () {
    const seen = [[], [], [], []];
    let done = null;
    let doneCalls = 0;
    migrating.startSensors(4, 500, 0.5, (sensor, value) => seen[sensor].push(value), (run, dropped) => {
      done = [run, dropped];
      doneCalls++;
    });
    await until(() => done !== null, 'done');
    for (let i = 0; i < 5; i++) await new Promise(setImmediate);
    assert.deepStrictEqual(done, [2000, 0]);
    assert.strictEqual(doneCalls, 1);
    for (const values of seen) assert.deepStrictEqual(values, Array.from({ length: 500 }, (_, i) => i + 0.5));
  });

  it('oneClosurePerTurn: the microtasks of each call run before the next, as with napi_threadsafe_function', async function () {
    const order = [];
    migrating.oneClosurePerTurn((i) => {
      order.push(`fn ${i}`);
      Promise.resolve().then(() => order.push(`then ${i}`));
    }, 3);
    await until(() => order.length === 6, 'three calls');
    assert.deepStrictEqual(order, ['fn 0', 'then 0', 'fn 1', 'then 1', 'fn 2', 'then 2']);
  });

  it('echo: every value back in order (the default queue mode), then the count', async function () {
    const echoed = [];
    const echoing = job((controls) => migrating.echo([1, 2, 3], controls));
    echoing.on('progress', (value) => echoed.push(value));
    const count = await echoing; // 3, after 1, 2, 3
    assert.strictEqual(count, 3);
    assert.deepStrictEqual(echoed, [1, 2, 3]);
  });

  it('echo with nothing: the job rejects with the message given to Fail()', async function () {
    await assert.rejects(job((controls) => migrating.echo([], controls)), { message: 'nothing to echo' });
  });
});
