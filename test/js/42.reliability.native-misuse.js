'use strict';
// Misuse of the C++ API, detected: an empty or moved-from handle answers
// kClosed and its other members are no-ops; New and the exit hooks refuse to
// run off the JS thread; Ref/Unref off the JS thread are applied on the JS
// thread's next turn; New rejects a non-function, a bad receiver and a bad
// on_error with a TypeError naming it (an empty fn too).
const assert = require('assert');
const { once } = require('events');
const { Worker } = require('worker_threads');
const { eachFlavour } = require('./support/addons');
const { fixture, runNode } = require('./support/children');

eachFlavour('42. reliability: native misuse', function (addon, flavour) {
  const flavourIndex = addon.exceptions ? 0 : 1;
  const emptyReport = {
    call: 'closed',
    blockingCall: 'closed',
    invoke: 'closed',
    callWithResult: addon.exceptions ? 'brokenPromise' : 'unavailable',
    closed: true,
    pending: 0,
    statsSum: 0,
    destroyed: 2,
  };

  for (const where of ['js', 'thread', 'movedFrom']) {
    it(`an empty handle (${where}): every call kClosed, each closure destroyed once, Close/Ref/Unref/Stats no-ops`, function () {
      assert.deepStrictEqual(addon.emptyHandle(where, () => {}), emptyReport);
    });
  }

  it('New off the JS thread: no N-API call, an empty handle whose Call returns kClosed', function () {
    const harness = new addon.Harness(() => {});  // the environment is known
    assert.deepStrictEqual(addon.newOffThread(() => {}), { empty: true, call: 'closed', destroyed: 1 });
    harness.close();
  });

  it('AddEnvExitHook / RemoveEnvExitHook off the JS thread: nothing added, nothing removed', function () {
    const harness = new addon.Harness(() => {});
    assert.deepStrictEqual(addon.exitHookOffThread(), { added: false, removed: false });
    harness.close();
  });

  it('Unref() off the JS thread: applied on the next turn, the process exits by itself', async function () {
    const result = await runNode(fixture('reliability-keepalive-off-thread.js'), [flavourIndex, 'unref']);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(result.stdout, '');
    assert.strictEqual(result.stderr, '');
  });

  it('Ref() off the JS thread: applied on the next turn, the callback keeps the process alive', async function () {
    const result = await runNode(fixture('reliability-keepalive-off-thread.js'), [flavourIndex, 'ref']);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(result.stdout, 'kept alive\n');
    assert.strictEqual(result.stderr, '');
  });

  const fnMessage = /^ThreadSafeCallback::New: fn must be a function$/;
  const receiverMessage = /^ThreadSafeCallback::New: receiver must be an object, a function or undefined$/;
  const onErrorMessage = /^ThreadSafeCallback::New: options\.on_error must be a function$/;
  const cases = [
    ['a number as fn', [42], fnMessage],
    ['an object as fn', [{}], fnMessage],
    ['undefined as fn', [undefined], fnMessage],
    ['a number as receiver', [() => {}, 42], receiverMessage],
    ['a string as receiver', [() => {}, 'x'], receiverMessage],
    ['null as receiver', [() => {}, null], receiverMessage],
    ['a symbol as receiver', [() => {}, Symbol('s')], receiverMessage],
    ['an object as on_error', [() => {}, undefined, {}], onErrorMessage],
    ['a number as on_error', [() => {}, undefined, 7], onErrorMessage],
  ];
  for (const [what, args, message] of cases) {
    it(`New with ${what}: TypeError naming it${flavour.name === 'no C++ exceptions' ? ', empty handle' : ''}`, function () {
      assert.throws(() => addon.newWith(...args), (error) => error instanceof TypeError && message.test(error.message));
    });
  }

  it(`New with an empty fn (Napi::Function()): TypeError from the receiver's environment${flavour.name === 'no C++ exceptions' ? ', empty handle' : ''}`, function () {
    assert.throws(() => addon.newEmpty({}), (error) => error instanceof TypeError && fnMessage.test(error.message));
  });

  it(`New with an empty fn and no receiver: TypeError in the calling thread's environment${flavour.name === 'no C++ exceptions' ? ', empty handle' : ''}`, function () {
    const known = new addon.Harness(() => {});  // the library now knows this thread's environment
    assert.throws(() => addon.newEmpty(), (error) => error instanceof TypeError && fnMessage.test(error.message));
    known.close();
  });

  it('New with an empty fn and no receiver in a thread only another addon knows: nothing thrown, an empty handle; never that addon\'s environment', async function () {
    const worker = new Worker(fixture('empty-fn-worker.js'),
      { workerData: { flavour: flavourIndex } });
    const [message] = await once(worker, 'message');
    assert.deepStrictEqual(message, {
      before: 'returned false',
      after: 'TypeError: ThreadSafeCallback::New: fn must be a function',
    });
    // Terminated, not awaited to its natural end: once in four full runs this
    // Worker, where two addons share one environment registry, did not end
    // (open; docs/reliability.md "Known limit").
    await worker.terminate();
  });

  it('New with good values: an open handle (object or function receiver)', function () {
    assert.strictEqual(addon.newWith(() => {}), true);
    assert.strictEqual(addon.newWith(() => {}, {}), true);
    assert.strictEqual(addon.newWith(() => {}, () => {}, () => {}), true);
  });
});
