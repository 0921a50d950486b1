'use strict';
// Loads the binding (once per thread: every Worker has its own module
// registry) and hands it the helpers it needs to copy arguments. The binding
// is build/Release's when the package was built from source, otherwise the
// prebuild for this platform in prebuilds/ (one Node-API binary serves every
// runtime): node-gyp-build picks.
const path = require('path');
const { types } = require('util');
const loadBinding = require('node-gyp-build');
const { copyError } = require('./errors');

const root = path.join(__dirname, '..');

let binding;
try {
  binding = loadBinding(root);
} catch (error) {
  throw new Error(
    `threadsafe-callback: cannot load the binding from ${root} (build/Release or prebuilds/); ` +
      'build it with `npm rebuild threadsafe-callback --build-from-source`',
    { cause: error },
  );
}
binding.setup({ isProxy: types.isProxy, copyError });

module.exports = binding;
