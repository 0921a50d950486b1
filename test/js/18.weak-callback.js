'use strict';
// tscb::WeakCallback (C++): Lock() gives a handle while the callback lives
// and an empty handle once its last reference is gone; a weak reference
// never keeps the callback open. In both exception modes of the test addon.
const assert = require('assert');
const { eachFlavour } = require('./support/addons');

eachFlavour('18. tscb::WeakCallback', function (addon) {
  it('Lock() gives the living callback; after its last reference is gone, an empty handle', async function () {
    const calls = [];
    const report = await new Promise((resolve) => {
      addon.weakLifecycle((value) => calls.push(value), resolve);
    });
    assert.deepStrictEqual(calls, ['locked']);
    assert.deepStrictEqual({ ...report }, {
      expiredWhileAlive: false,
      lockedIsClosed: false,
      lockedCall: true,
      lockedAccepted: 1,
      copyAccepted: 1,
      emptyExpired: true,
      emptyLockIsClosed: true,
      // The weak reference did not keep it open: the last handle's drop
      // released it, and what was accepted ran first.
      finishedReason: 'released',
      finishedRun: 1,
      expiredAfter: true,
      lockedAfterIsClosed: true,
      lockedAfterCall: false,
      lockedAfterAccepted: 0,
    });
  });
});
