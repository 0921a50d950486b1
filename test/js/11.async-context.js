'use strict';
const assert = require('assert');
const { AsyncLocalStorage, createHook, executionAsyncId } = require('async_hooks');
const { eachFlavour } = require('./support/addons');
const { until } = require('./support/helpers');

eachFlavour('guarantee 11: async context', (addon) => {
  it('11. promise continuations and nextTicks scheduled by a closure run before the next timer', async function () {
    const order = [];
    const harness = new addon.Harness(() => {
      setTimeout(() => order.push('timer'), 0);
      Promise.resolve().then(() => order.push('then'));
      process.nextTick(() => order.push('tick'));
      order.push('fn');
    });
    harness.fill(1);
    await until(() => order.length === 4, 'all four');
    assert.deepStrictEqual(order, ['fn', 'tick', 'then', 'timer']);
    harness.close();
  });

  it('11. AsyncLocalStorage sees the store that was active when the callback was created', async function () {
    const storage = new AsyncLocalStorage();
    let seen = null;
    const harness = storage.run({ id: 7 }, () => new addon.Harness(() => { seen = storage.getStore(); }));
    harness.fill(1);
    await until(() => seen !== null, 'the call');
    assert.deepStrictEqual(seen, { id: 7 });
    harness.close();
  });

  it("11. async_hooks see a 'ThreadSafeCallback' resource, and closures run inside it", async function () {
    const ids = new Set();
    const hook = createHook({ init(id, type) { if (type === 'ThreadSafeCallback') ids.add(id); } }).enable();
    let inside;
    const harness = new addon.Harness(() => { inside = executionAsyncId(); });
    hook.disable();
    harness.fill(1);
    await until(() => inside !== undefined, 'the call');
    assert.strictEqual(ids.size, 1);
    assert.ok(ids.has(inside), `ran in async id ${inside}`);
    harness.close();
  });
});
