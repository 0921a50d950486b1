'use strict';
// Paths for other addons' binding.gyp. Loading this file never loads the compiled binding.
const path = require('path');

const root = path.resolve(__dirname, '..');

module.exports = {
  include_dir: path.join(root, 'include'),
  gyp: `${path.join(root, 'threadsafe_callback.gyp')}:threadsafe_callback`,
};
