#!/usr/bin/env node
'use strict';
// Runs node-gyp offline, against the headers of the Node that runs this
// script: npm's nodedir setting when there is one, otherwise the headers that
// every Node install carries beside its binary, <prefix>/include/node.
//
//   node tools/build.js [node-gyp args]     default: rebuild (the binding)
//   node tools/build.js --if-needed         npm install: nothing to do when a
//                                           prebuild in prebuilds/ loads here
//                                           (--build-from-source, or a git
//                                           checkout, builds anyway)
//   node tools/build.js --prebuild          npm pack: prebuilds/linux-x64/node.napi.glibc.node
//                                           with prebuildify (Node-API: one binary for every runtime)
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');

// <prefix> of the running Node, when its headers are there.
function localNodedir(execPath = process.execPath) {
  const prefix = path.resolve(path.dirname(execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null;
}

// The environment node-gyp runs in: npm_config_nodedir set unless the user set it.
function buildEnv(env = process.env) {
  if (env.npm_config_nodedir) return env;
  const nodedir = localNodedir();
  return nodedir ? { ...env, npm_config_nodedir: nodedir } : env;
}

// node-gyp as npm runs it: the copy npm names, npm's own beside this Node,
// a local one; then whatever `node-gyp` is on PATH.
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules',
      'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] }));
  } catch {
    // not installed locally
  }
  const file = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  return file ? { file: process.execPath, args: [file] } : { file: 'node-gyp', args: [] };
}

// True when a prebuild shipped in prebuilds/ loads in this runtime.
function prebuildLoads() {
  process.env.PREBUILDS_ONLY = '1';
  try {
    require('node-gyp-build')(root);
    return true;
  } catch {
    return false;
  } finally {
    delete process.env.PREBUILDS_ONLY;
  }
}

function buildFromSource() {
  return process.env.npm_config_build_from_source === 'true' ||
    process.argv.includes('--build-from-source') || fs.existsSync(path.join(root, '.git'));
}

function run(file, args, options = {}) {
  const result = spawnSync(file, args, { stdio: 'inherit', env: buildEnv(), ...options });
  if (result.error) {
    console.error(`threadsafe-callback: cannot run ${file}: ${result.error.message}`);
    return 1;
  }
  return result.status === null ? 1 : result.status;
}

// prebuildify moves the binary it builds out of build/: it builds in a
// scratch folder of links to the sources, so the checkout's build/ stays.
function prebuild(extraArgs) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tscb-prebuild-'));
  try {
    for (const entry of ['package.json', 'binding.gyp', 'threadsafe_callback.gyp', 'include', 'src', 'tools',
      'node_modules']) {
      fs.symlinkSync(path.join(root, entry), path.join(scratch, entry));
    }
    const gyp = nodeGyp();
    const prebuildify = require.resolve('prebuildify/bin.js', { paths: [root] });
    return run(process.execPath, [prebuildify, '--napi', '--strip', '--tag-libc',
      '--target', process.versions.node, '--cwd', scratch, '--out', root, ...extraArgs], {
      cwd: scratch,
      stdio: ['inherit', 2, 2],  // stdout stays clean for `npm pack --json`
      env: { ...buildEnv(), PREBUILD_SHELL: '/bin/sh',
        PREBUILD_NODE_GYP: [gyp.file, ...gyp.args].map((word) => `'${word}'`).join(' ') },
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function main(argv) {
  if (argv[0] === '--if-needed') {
    if (!buildFromSource() && prebuildLoads()) return 0;
    argv = argv.slice(1).filter((arg) => arg !== '--build-from-source');
  }
  if (argv[0] === '--prebuild') return prebuild(argv.slice(1));
  const gyp = nodeGyp();
  return run(gyp.file, [...gyp.args, ...(argv.length > 0 ? argv : ['rebuild'])], { cwd: root });
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { buildEnv, localNodedir, nodeGyp };
