'use strict';
const assert = require('assert');
const { eachFlavour } = require('./support/addons');

eachFlavour('CallWithResult', (addon) => {
  if (!addon.hasCallWithResult) {
    it('is absent from the header without C++ exceptions', function () {
      assert.strictEqual(addon.callWithResult(() => 0, 'value', () => {}), 'unsupported');
    });
    return;
  }

  const outcome = (fn, mode) => new Promise((resolve) => addon.callWithResult(fn, mode, resolve));

  it('delivers the value the closure returns', async function () {
    assert.strictEqual(await outcome(() => 41, 'value'), 'value 41');
  });

  it('turns a JS exception into tscb::JsError, which does not reach uncaughtException', async function () {
    assert.strictEqual(await outcome(() => { throw new Error('nope'); }, 'throw'), 'JsError nope');
  });

  it('turns a thrown non-Error into JsError with String(value) as message', async function () {
    assert.strictEqual(await outcome(() => { throw 'plain'; }, 'throw'), 'JsError plain');  // eslint-disable-line no-throw-literal
  });

  it('passes on a C++ exception thrown by the closure', async function () {
    assert.strictEqual(await outcome(() => 0, 'cpp'), 'exception from C++');
  });

  it('gives broken_promise when the callback was closed before the call', async function () {
    assert.strictEqual(await outcome(() => 0, 'closed'), 'broken_promise');
  });
});
