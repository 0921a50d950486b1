'use strict';
const assert = require('assert');
const { fixture, runNode } = require('./support/children');

// One drain runs all 1,000,000 closures (drainLimit 2,000,000), so only the
// per-batch handle scopes bound what is live: at most 64 closures x 100
// strings. Were every closure's handles kept until the end of the drain, 10^8
// handle slots (800 MB) plus 10^8 live strings (several GB) would be needed.
// The bound asserted, 256 MiB over the RSS after queueing, leaves room for V8's
// young generation and allocator slack and is far below either.
describe('guarantee 7: handle scopes', function () {
  it('7. 1,000,000 closures each creating 100 JS strings: RSS growth stays under 256 MiB', async function () {
    const { code, stdout, stderr } = await runNode(fixture('core-scopes.js'), [0]);
    assert.strictEqual(code, 0, stderr);
    const result = JSON.parse(stdout);
    assert.strictEqual(result.samples, 100, 'every sampling closure ran');
    assert.ok(result.growthMiB < 256, `RSS grew by ${result.growthMiB} MiB`);
  });
});
