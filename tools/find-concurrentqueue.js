#!/usr/bin/env node
'use strict';
// Prints the directory that holds moodycamel's concurrentqueue.h, for gyp and CMake.
// Looks in CONCURRENTQUEUE_INCLUDE_DIR, then in the Debian/Ubuntu locations (both
// layouts: with and without a moodycamel/ subfolder). Exits 1 with one line that
// says how to install it when none is found.
const fs = require('fs');
const path = require('path');

function candidates() {
  const dirs = [];
  const fromEnv = process.env.CONCURRENTQUEUE_INCLUDE_DIR;
  if (fromEnv) dirs.push(fromEnv, path.join(fromEnv, 'concurrentqueue'), path.join(fromEnv, 'moodycamel'));
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
  return candidates().find((dir) => fs.existsSync(path.join(dir, 'concurrentqueue.h')));
}

if (require.main === module) {
  const dir = find();
  if (!dir) {
    process.stderr.write(
      'threadsafe-callback: moodycamel ConcurrentQueue not found; install it with ' +
        '`sudo apt-get install libconcurrentqueue-dev` or set CONCURRENTQUEUE_INCLUDE_DIR ' +
        'to the folder that holds concurrentqueue.h\n',
    );
    process.exit(1);
  }
  process.stdout.write(dir);
}

module.exports = { find };
