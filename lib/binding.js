'use strict';
// Loads the compiled binding (once per thread: every Worker has its own
// module registry) and hands it the helpers it needs to copy arguments.
const path = require('path');
const { types } = require('util');
const { copyError } = require('./errors');

const file = path.join(__dirname, '..', 'build', 'Release', 'threadsafe_callback_binding.node');

let binding;
try {
  binding = require(file);
} catch (error) {
  throw new Error(
    `threadsafe-callback: cannot load the compiled binding ${file}; ` +
      'build it with `npm rebuild threadsafe-callback`',
    { cause: error },
  );
}
binding.setup({ isProxy: types.isProxy, copyError });

module.exports = binding;
