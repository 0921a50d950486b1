'use strict';
// Loads the native fixtures and hands out one peer by name.
const path = require('path');

const buildDir = path.join(__dirname, '..', 'addon', 'build');
const release = path.join(buildDir, 'Release');

// Peer name -> which fixture exports it.
const FIXTURE = {
  napi_tsfn: 'bench_peers',
  napi_tsfn_cpp: 'bench_peers',
  napi_typed_tsfn: 'bench_peers',
  ceiling: 'bench_peers',
  tscb: 'bench_tscb',
  tscb_invoke: 'bench_tscb',
};

function binaryPath(target) {
  return path.join(release, `${target}.node`);
}

function loadPeer(name) {
  const target = FIXTURE[name];
  if (!target) throw new Error(`unknown peer: ${name}`);
  return require(binaryPath(target))[name];
}

module.exports = { buildDir, binaryPath, loadPeer, targets: ['bench_peers', 'bench_tscb'] };
