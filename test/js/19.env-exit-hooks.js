'use strict';
const assert = require('assert');
const { flavours } = require('./support/addons');
const { fixture, runNode } = require('./support/children');

describe('env exit hooks', function () {
  flavours.forEach((flavour, index) => {
    it(`run last added first, with kMain / kWorker, before that environment's callbacks close (${flavour.name})`, async function () {
      const { code, stdout, stderr } = await runNode(fixture('core-hooks.js'), [index]);
      assert.strictEqual(code, 0, stderr);
      assert.deepStrictEqual(stdout.trim().split('\n'), [
        'removed C: true, again: false',
        'hook W2 worker callback open',
        'hook W1 worker callback open',
        'closure queued-by-W2 destroyed unrun',
        'closure queued-by-W1 destroyed unrun',
        'worker exited',
        'hook B main callback none',
        'hook A main callback open',
        'closure queued-by-A destroyed unrun',
      ]);
    });
  });
});
