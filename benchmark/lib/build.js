'use strict';
// Builds the native fixtures with node-gyp when they are missing or older
// than their sources (the fixtures' own, or the library's headers).
const fs = require('fs');
const path = require('path');
const { spawnSync, execFileSync } = require('child_process');
const { localNodedir } = require('../../tools/build');
const { binaryPath, targets } = require('./fixture');

const addonDir = path.join(__dirname, '..', 'addon');
const repoRoot = path.join(__dirname, '..', '..');
const SOURCES = [
  path.join(addonDir, 'binding.gyp'),
  path.join(addonDir, 'src'),
  path.join(repoRoot, 'include'),
  path.join(repoRoot, 'threadsafe_callback.gyp'),
];

function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) {
    newest = Math.max(newest, newestMtime(path.join(file, entry)));
  }
  return newest;
}

// Why the fixtures must be built, or null when they are up to date.
function staleReason() {
  const sources = Math.max(...SOURCES.map(newestMtime));
  for (const target of targets) {
    const file = binaryPath(target);
    if (!fs.existsSync(file)) return `${target}.node is missing`;
    if (fs.statSync(file).mtimeMs < sources) return `${target}.node is older than its sources`;
  }
  return null;
}

// node-gyp as npm runs it: npm's own copy, then a local one, then npx.
function nodeGypCommand() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm',
      'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  ];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [repoRoot] }));
  } catch {
    // not installed locally
  }
  for (const file of candidates) {
    if (file && fs.existsSync(file)) return { cmd: process.execPath, args: [file] };
  }
  return { cmd: 'npx', args: ['--no-install', 'node-gyp'] };
}

// npm passes its nodedir setting to scripts; outside npm, ask npm for it,
// then take the running Node's own headers, so node-gyp never downloads them.
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  try {
    const dir = execFileSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).trim();
    if (dir && dir !== 'undefined' && dir !== 'null') return [`--nodedir=${dir}`];
  } catch {
    // no npm: the local headers below
  }
  const local = localNodedir();
  return local ? [`--nodedir=${local}`] : [];
}

// Builds when needed; `force` rebuilds anyway. Throws when the build fails.
function ensureBuilt({ force = false, log = console.error } = {}) {
  const reason = force ? 'a rebuild was asked for' : staleReason();
  if (!reason) return false;
  log(`building the fixtures (${reason})`);
  const { cmd, args } = nodeGypCommand();
  const result = spawnSync(cmd, [...args, 'rebuild', '--directory', addonDir, ...nodedirArgs()], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    const output = `${result.stdout || ''}${result.stderr || ''}`.trim().split('\n');
    throw new Error(`node-gyp rebuild failed:\n${output.slice(-40).join('\n')}`);
  }
  return true;
}

module.exports = { ensureBuilt, staleReason };
