'use strict';
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { until } = require('./support/helpers');

function busyWait(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

eachFlavour('guarantee 12: bounded queue of 16', (addon) => {
  it('12. Call returns kQueueFull while JS is busy: exactly 16 accepted', async function () {
    let ran = 0;
    const harness = new addon.Harness(() => ran++, { maxQueueSize: 16 });
    harness.start(1, 100, 'invoke');
    busyWait(300);  // JS busy: nothing drains
    assert.deepStrictEqual(harness.join(), { ok: 16, full: 84, closed: 0, wouldDeadlock: 0 });
    assert.strictEqual(harness.pending(), 16);
    assert.deepStrictEqual(harness.fill(1), { ok: 0, full: 1, closed: 0, wouldDeadlock: 0 });
    await until(() => ran === 16, 'the 16 accepted');
    assert.strictEqual(harness.stats().rejectedFull, 85);
    harness.close();
  });

  it('12. BlockingCall on the JS thread returns kWouldDeadlock when full, kOk when there is room', async function () {
    let ran = 0;
    const harness = new addon.Harness(() => ran++, { maxQueueSize: 16 });
    assert.strictEqual(harness.fill(16).ok, 16);
    assert.strictEqual(harness.blockingFromJs(), 'wouldDeadlock');
    await until(() => ran === 16, 'the queue to drain');
    assert.strictEqual(harness.blockingFromJs(), 'ok');
    assert.strictEqual(harness.stats().rejectedFull, 1, 'kWouldDeadlock counts as rejected_full');
    harness.close();
  });

  it('12. 8 threads in BlockingCall all finish, and pending never exceeds 16', async function () {
    let ran = 0;
    let mostPending = 0;
    const harness = new addon.Harness(() => {
      ran++;
      mostPending = Math.max(mostPending, harness.pending());
    }, { maxQueueSize: 16 });
    harness.start(8, 2000, 'blocking');
    await until(() => ran === 16000, 'all blocking calls');
    assert.deepStrictEqual(harness.join(), { ok: 16000, full: 0, closed: 0, wouldDeadlock: 0 });
    assert.ok(mostPending <= 16, `pending reached ${mostPending}`);
    harness.close();
  });

  it('12. close() releases every blocked producer with kClosed', function () {
    let ran = 0;
    const harness = new addon.Harness(() => ran++, { maxQueueSize: 16 });
    assert.strictEqual(harness.fill(16).ok, 16);
    harness.start(8, 1, 'blocking');
    busyWait(200);  // they block: the queue is full and JS is busy
    harness.close();
    assert.deepStrictEqual(harness.join(), { ok: 0, full: 0, closed: 8, wouldDeadlock: 0 });
    assert.strictEqual(ran, 0);
    assert.strictEqual(harness.stats().dropped, 16);
  });
});
