'use strict';
// Keeps the demo's addon built. It is built with node-gyp, offline, as the
// rest of the project builds (tools/build.js: the running Node's headers,
// never a download), whenever it is missing or older than anything it is
// built from: its own source and gyp file, and the library's headers and gyp
// file. So an edit to addon.cc or to the header is never run stale.
//
//   node examples/progress/build.js    builds when needed, and says why on stderr
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { include_dir: includeDir, gyp } = require('threadsafe-callback');
const { buildEnv, nodeGyp } = require('../../tools/build');

const ADDON = path.join(__dirname, 'build', 'Release', 'progress_demo.node');

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

// What the addon is built from (binding.gyp names the same two packages'
// files: the library's include_dir and gyp).
function sources() {
  return [
    path.join(__dirname, 'addon.cc'),
    path.join(__dirname, 'binding.gyp'),
    gyp.slice(0, gyp.lastIndexOf(':')),
    ...filesUnder(includeDir),
  ];
}

// Why the addon must be built, or null when it is newer than all its sources.
function staleReason() {
  if (!fs.existsSync(ADDON)) return 'not built yet';
  const built = fs.statSync(ADDON).mtimeMs;
  const changed = sources().find((file) => fs.statSync(file).mtimeMs > built);
  return changed === undefined ? null : `${path.relative(process.cwd(), changed)} is newer than the build`;
}

// Builds the addon when it is missing or stale; returns its path. Ends the
// process (code 1) when node-gyp fails.
function ensureBuilt() {
  const reason = staleReason();
  if (reason === null) return ADDON;
  process.stderr.write(`Building the demo addon (examples/progress): ${reason} ...\n`);
  const gypCommand = nodeGyp();
  const built = spawnSync(gypCommand.file,
    [...gypCommand.args, 'rebuild', '--loglevel=warn', '--directory', __dirname],
    { env: buildEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0 || !fs.existsSync(ADDON)) {
    process.stderr.write(`node-gyp failed (${built.error ? built.error.message : `exit ${built.status}`})\n`);
    process.exit(1);
  }
  return ADDON;
}

if (require.main === module) ensureBuilt();

module.exports = { ADDON, ensureBuilt, sources, staleReason };
