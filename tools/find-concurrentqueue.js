#!/usr/bin/env node
'use strict';
// Prints the directory that holds moodycamel's concurrentqueue.h, for gyp and CMake.
// Looks in CONCURRENTQUEUE_INCLUDE_DIR when it is set, otherwise in the system
// locations (both Debian layouts: with and without a moodycamel/ subfolder).
// Exits 1 with one line that says what to do when none is found.
const fs = require('fs');
const path = require('path');

const HEADER = 'concurrentqueue.h';

// The folder named by CONCURRENTQUEUE_INCLUDE_DIR (or its concurrentqueue/ or
// moodycamel/ subfolder), or one of the system locations in either layout.
function candidates() {
  const fromEnv = process.env.CONCURRENTQUEUE_INCLUDE_DIR;
  if (fromEnv) {
    return [fromEnv, path.join(fromEnv, 'concurrentqueue'), path.join(fromEnv, 'moodycamel')];
  }
  const dirs = [];
  for (const root of ['/usr/include', '/usr/local/include', '/opt/homebrew/include']) {
    dirs.push(
      path.join(root, 'concurrentqueue', 'moodycamel'),
      path.join(root, 'concurrentqueue'),
      path.join(root, 'moodycamel'),
    );
  }
  return dirs;
}

function find() {
  return candidates().find((dir) => fs.existsSync(path.join(dir, HEADER)));
}

function missingMessage() {
  const fromEnv = process.env.CONCURRENTQUEUE_INCLUDE_DIR;
  if (fromEnv) {
    return `threadsafe-callback: CONCURRENTQUEUE_INCLUDE_DIR=${fromEnv} holds no ${HEADER}; ` +
      'point it at the folder that holds it, or unset it to use the system copy\n';
  }
  return 'threadsafe-callback: moodycamel ConcurrentQueue not found; install it with ' +
    '`sudo apt-get install libconcurrentqueue-dev` or set CONCURRENTQUEUE_INCLUDE_DIR ' +
    `to the folder that holds ${HEADER}\n`;
}

if (require.main === module) {
  const dir = find();
  if (!dir) {
    process.stderr.write(missingMessage());
    process.exit(1);
  }
  process.stdout.write(dir);
}

module.exports = { find };
