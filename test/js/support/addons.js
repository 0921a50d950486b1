'use strict';
// The consumer test addon (test/addon), in both node-addon-api exception
// modes.
const path = require('path');

const releaseDir = path.resolve(__dirname, '..', '..', 'addon', 'build', 'Release');

const flavours = [
  { name: 'C++ exceptions', file: path.join(releaseDir, 'tscb_test_addon.node') },
  { name: 'no C++ exceptions', file: path.join(releaseDir, 'tscb_test_addon_noexcept.node') },
];

function load(flavour) {
  return require(flavour.file);
}

// describe() once per flavour; `body(addon, flavour)` defines the tests.
function eachFlavour(title, body) {
  for (const flavour of flavours) {
    describe(`${title} (${flavour.name})`, function () {
      body(load(flavour), flavour);
    });
  }
}

module.exports = { flavours, load, eachFlavour };
