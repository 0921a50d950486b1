'use strict';
// Options::on_finished and Options::resource_name (API.md), through the test
// addon's Harness (test/addon/finish.cc), in both exception modes.
const assert = require('assert');
const { createHook, executionAsyncId } = require('async_hooks');
const { Worker } = require('worker_threads');
const { eachFlavour, flavours } = require('./support/addons');
const { fixture, runNode } = require('./support/children');
const { until } = require('./support/helpers');

// A Harness whose closures and on_finished write to one event list.
function recorded(addon, options = {}) {
  const events = [];
  const finished = [];
  const harness = new addon.Harness((t, i) => events.push(`call ${t} ${i}`), {
    ...options,
    onFinished: (record) => {
      finished.push(record);
      events.push('finished');
      if (options.onFinished) options.onFinished(record);
    },
  });
  return { harness, events, finished };
}

// A few more loop turns: anything that was going to run again has.
async function settle() {
  for (let i = 0; i < 5; i++) await new Promise(setImmediate);
}

eachFlavour('on_finished', (addon) => {
  it('kReleased: the last reference dropped on producer threads; every closure ran first, on_finished once on the JS thread', async function () {
    const { harness, events, finished } = recorded(addon);
    harness.start(2, 1000, 'afterRelease');
    harness.release();  // the two producers now hold the only references
    await until(() => finished.length === 1, 'on_finished');
    const counts = harness.join();
    await settle();
    assert.strictEqual(counts.ok, 2000);
    assert.strictEqual(finished.length, 1);
    const [record] = finished;
    assert.strictEqual(record.reason, 'released');
    assert.strictEqual(record.onJsThread, true, 'never on a producer thread');
    assert.strictEqual(record.accepted, 2000);
    assert.strictEqual(record.run, 2000);
    assert.strictEqual(record.dropped, 0);
    assert.strictEqual(events.length, 2001);
    assert.strictEqual(events[2000], 'finished', 'after the last closure');
  });

  it('kClosed: Close() inside a closure; on_finished after the last closure, with the dropped ones counted', async function () {
    const { harness, events, finished } = recorded(addon);
    assert.strictEqual(addon.queueCloser(harness, 500, 99), 500);
    await until(() => finished.length === 1, 'on_finished');
    await settle();
    const [record] = finished;
    assert.strictEqual(record.reason, 'closed');
    assert.strictEqual(record.onJsThread, true);
    assert.deepStrictEqual([record.accepted, record.run, record.dropped], [500, 100, 400]);
    assert.strictEqual(harness.destroyed().all, 500);
    assert.strictEqual(events.length, 101);
    assert.strictEqual(events[100], 'finished', 'after the last closure');
    assert.strictEqual(finished.length, 1);
  });

  it('kClosed: Close() on the JS thread outside a closure drops what waits; on_finished runs on a later turn, once', async function () {
    const { harness, finished } = recorded(addon);
    assert.strictEqual(harness.fill(50).ok, 50);
    harness.close();
    assert.strictEqual(finished.length, 0, 'not inside Close(): the user never waits for it');
    await until(() => finished.length === 1, 'on_finished');
    harness.close();
    await settle();
    assert.strictEqual(finished.length, 1);
    const [record] = finished;
    assert.strictEqual(record.reason, 'closed');
    assert.deepStrictEqual([record.accepted, record.run, record.dropped], [50, 0, 50]);
    assert.strictEqual(record.onJsThread, true);
  });

  it('kClosed: Close() from another thread while producers call; on the JS thread, after the last closure', async function () {
    const { harness, finished } = recorded(addon);
    harness.start(4, 0, 'untilClosed');
    await until(() => harness.stats().run >= 5000, 'some calls');
    addon.closeOffThread(harness);
    await until(() => finished.length === 1, 'on_finished');
    const counts = harness.join();
    await settle();
    const ran = harness.stats().run;
    const [record] = finished;
    assert.strictEqual(record.reason, 'closed');
    assert.strictEqual(record.onJsThread, true);
    assert.strictEqual(record.accepted, counts.ok);
    assert.strictEqual(record.run, ran);
    assert.strictEqual(record.run + record.dropped, record.accepted);
    assert.strictEqual(finished.length, 1);
  });

  it('a JS throw from on_finished goes to on_error, like a closure\'s', async function () {
    const errors = [];
    const harness = new addon.Harness(() => {}, {
      onFinished: () => { throw new Error('finish boom'); },
      onError: (error) => errors.push(error),
    });
    harness.fill(3);
    harness.close();
    await until(() => errors.length === 1, 'on_error');
    await settle();
    assert.ok(errors[0] instanceof Error);
    assert.strictEqual(errors[0].message, 'finish boom');
    assert.strictEqual(errors.length, 1);
  });

  if (addon.exceptions) {
    it('a C++ throw from on_finished goes to on_error as an Error with what() as message', async function () {
      const errors = [];
      const harness = new addon.Harness(() => {}, {
        onFinished: () => {},
        finishThrows: 'cpp',
        onError: (error) => errors.push(error),
      });
      harness.close();
      await until(() => errors.length === 1, 'on_error');
      assert.ok(errors[0] instanceof Error);
      assert.strictEqual(errors[0].message, 'finish failed');
    });
  }

  it("resource_name: async_hooks see the callback's resource under that type, and closures run inside it", async function () {
    const ids = new Map();
    const hook = createHook({
      init(id, type) {
        if (type === 'MigratedDecoder' || type === 'ThreadSafeCallback') ids.set(id, type);
      },
    }).enable();
    let inside;
    const named = new addon.Harness(() => { inside = executionAsyncId(); }, { resourceName: 'MigratedDecoder' });
    const plain = new addon.Harness(() => {});
    hook.disable();
    named.fill(1);
    await until(() => inside !== undefined, 'the call');
    assert.deepStrictEqual([...ids.values()].sort(), ['MigratedDecoder', 'ThreadSafeCallback']);
    assert.strictEqual(ids.get(inside), 'MigratedDecoder');
    named.close();
    plain.close();
  });
});

describe('on_finished at teardown', function () {
  flavours.forEach((flavour, index) => {
    it(`kTeardown at worker.terminate(): once, on the Worker's JS thread, every closure accounted for, JS not called (${flavour.name})`, async function () {
      const addon = require(flavour.file);
      const tag = `terminate-${index}`;
      const worker = new Worker(fixture('finish-worker.js'),
        { workerData: { flavour: index, tag } });
      const messages = [];
      await new Promise((resolve, reject) => {
        worker.on('message', (message) => {
          messages.push(message);
          if (message === 'calling') resolve();
        });
        worker.once('error', reject);
      });
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await worker.terminate();
      await exited;
      // Node runs the Worker's teardown before the parent sees 'exit'; Deno
      // may run it after: wait for the record, then check there is one.
      const ofThisWorker = () => addon.finishRecords().filter((record) => record.tag === tag);
      await until(() => ofThisWorker().length > 0, "the terminated Worker's on_finished");
      const records = ofThisWorker();
      assert.strictEqual(records.length, 1);
      const [record] = records;
      assert.strictEqual(record.reason, 'teardown');
      assert.strictEqual(record.onJsThread, true);
      assert.ok(record.run >= 100, `ran ${record.run}`);
      assert.strictEqual(record.run + record.dropped, record.accepted);
      assert.deepStrictEqual(messages, ['calling']);
    });

    it(`kTeardown at process exit: once, on the main thread, every closure accounted for, JS not called (${flavour.name})`, async function () {
      const { code, stdout, stderr } = await runNode(fixture('finish-exit.js'), [index]);
      assert.strictEqual(code, 0, stderr);
      assert.strictEqual(stderr, '');
      const match = /^finished teardown accepted=(\d+) run=(\d+) dropped=(\d+) onJsThread=1\n$/.exec(stdout);
      assert.ok(match, stdout);
      const [accepted, run, dropped] = match.slice(1).map(Number);
      assert.ok(run >= 100, `ran ${run}`);
      assert.strictEqual(run + dropped, accepted);
    });

    it(`a throw from on_finished with no on_error reaches 'uncaughtException' once (${flavour.name})`, async function () {
      const kinds = index === 0 ? ['js', 'cpp'] : ['js'];
      for (const kind of kinds) {
        const { code, stdout, stderr } = await runNode(fixture('finish-throws.js'), [index, kind]);
        assert.strictEqual(code, 0, stderr);
        assert.strictEqual(stdout, kind === 'js' ? 'uncaught finish boom\n' : 'uncaught finish failed\n');
      }
    });
  });
});
