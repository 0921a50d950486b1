'use strict';
// Preloaded (NODE_OPTIONS=--require) into every process and Worker of the
// sanitized Mocha run: loads of the package's binding and of the test addon
// resolve to their sanitizer builds in build-sanitize/, so the normal
// build/ folders that `npm test` uses stay as they are.
const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const scratch = process.env.TSCB_SANITIZE_BUILD || path.join(root, 'build-sanitize');
const redirects = new Map([
  [path.join(root, 'build', 'Release'), path.join(scratch, 'binding', 'build', 'Release')],
  [path.join(root, 'test', 'addon', 'build', 'Release'), path.join(scratch, 'addon', 'build', 'Release')],
]);

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveSanitized(request, ...rest) {
  if (typeof request === 'string' && request.endsWith('.node') && path.isAbsolute(request)) {
    const target = redirects.get(path.dirname(request));
    if (target !== undefined) request = path.join(target, path.basename(request));
  }
  return resolve.call(this, request, ...rest);
};
