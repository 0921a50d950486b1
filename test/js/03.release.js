'use strict';
const assert = require('assert');
const { flavours } = require('./support/addons');
const { fixture, runNode } = require('./support/children');

describe('guarantee 3: graceful release', function () {
  flavours.forEach((flavour, index) => {
    it(`3. last reference dropped on a producer thread: all closures run, then the process exits by itself (${flavour.name})`, async function () {
      const { code, signal, stdout, stderr } = await runNode(fixture('core-release.js'), [index]);
      assert.strictEqual(signal, null, stderr);
      assert.strictEqual(code, 0, stderr);
      assert.strictEqual(stdout.trim(), 'ran 100000');
    });
  });
});
