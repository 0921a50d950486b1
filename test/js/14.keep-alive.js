'use strict';
const assert = require('assert');
const { flavours } = require('./support/addons');
const { fixture, runNode } = require('./support/children');

// Each case runs in a child. 'alive' is printed by an unref'd 1 s timer, so it
// shows that the callback alone kept the process running.
const cases = [
  ['kAlways keeps the process alive while open', 'always', 'alive\nran 0'],
  ['kNever lets the process exit while open', 'never', 'ran 0'],
  ['kWhilePending, idle, lets the process exit', 'pendingIdle', 'ran 0'],
  ['kWhilePending keeps the process alive until 1000 calls from the JS thread ran, then lets it exit', 'pendingFromJs', 'ran 1000'],
  ['kWhilePending runs closures accepted before the loop started, then exits', 'pendingBeforeLoop', 'ran 1000'],
  ['Unref() on kAlways lets the process exit', 'unref', 'ran 0'],
  ['Ref() on kNever keeps the process alive', 'ref', 'alive\nran 0'],
];

describe('keep_alive and Ref/Unref, in child processes', function () {
  flavours.forEach((flavour, index) => {
    for (const [title, mode, expected] of cases) {
      it(`${title} (${flavour.name})`, async function () {
        const { code, stdout, stderr } = await runNode(fixture('core-keepalive.js'), [index, mode]);
        assert.strictEqual(code, 0, stderr);
        assert.strictEqual(stdout.trim(), expected);
      });
    }
  });
});
