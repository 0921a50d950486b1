'use strict';
const assert = require('assert');
const { eachFlavour, flavours } = require('./support/addons');
const { fixture, runNode } = require('./support/children');
const { until } = require('./support/helpers');

// queueThrowers: closure i throws from JS when i % 3 == 0, throws a C++
// exception when i % 3 == 1 (calls fn('skip', i) without C++ exceptions), and
// calls fn('ok', i) otherwise.
function expectedEvents(exceptions, report) {
  const events = [];
  for (let i = 0; i < 9; i++) {
    if (i % 3 === 0) events.push(`js ${i}`, ...report(`js ${i}`));
    else if (i % 3 === 1) events.push(...(exceptions ? report(`cpp ${i}`) : [`skip ${i}`]));
    else events.push(`ok ${i}`);
  }
  return events;
}

describe('guarantee 8: errors', function () {
  flavours.forEach((flavour, index) => {
    const exceptions = index === 0;
    it(`8. JS and C++ throws reach 'uncaughtException' once each, and later closures run (${flavour.name})`, async function () {
      const { code, stdout, stderr } = await runNode(fixture('core-errors.js'), [index, 'uncaught']);
      assert.strictEqual(code, 0, stderr);
      assert.deepStrictEqual(JSON.parse(stdout), expectedEvents(exceptions, (m) => [`uncaught ${m}`]));
    });

    it(`8. an on_error that throws sends its own exception to 'uncaughtException' (${flavour.name})`, async function () {
      const { code, stdout, stderr } = await runNode(fixture('core-errors.js'), [index, 'onErrorThrows']);
      assert.strictEqual(code, 0, stderr);
      assert.deepStrictEqual(JSON.parse(stdout),
        expectedEvents(exceptions, (m) => [`onError ${m}`, `uncaught rethrown ${m}`]));
    });
  });
});

eachFlavour('guarantee 8: on_error', (addon) => {
  it('8. on_error receives each escaping exception once, as an Error, and the drain goes on', async function () {
    const errors = [];
    const calls = [];
    const harness = new addon.Harness((kind, i) => {
      calls.push(`${kind} ${i}`);
      if (kind === 'js') throw new Error(`js ${i}`);
    }, { onError: (error) => errors.push(error) });
    addon.queueThrowers(harness, 9);
    await until(() => harness.stats().run === 9, 'all 9 closures');
    const exceptions = addon.exceptions;
    assert.deepStrictEqual(errors.map((e) => e.message),
      exceptions ? ['js 0', 'cpp 1', 'js 3', 'cpp 4', 'js 6', 'cpp 7'] : ['js 0', 'js 3', 'js 6']);
    for (const error of errors) assert.ok(error instanceof Error);
    assert.deepStrictEqual(calls.filter((c) => c.startsWith('ok')), ['ok 2', 'ok 5', 'ok 8']);
    harness.close();
  });
});
