'use strict';
// The machine stamp printed with every result: CPU, cores, Node, build flags.
const fs = require('fs');
const os = require('os');
const path = require('path');

// The compiler flags node-gyp used for a target, read from the generated makefile.
function buildFlags(buildDir, target) {
  const mk = path.join(buildDir, `${target}.target.mk`);
  let text;
  try {
    text = fs.readFileSync(mk, 'utf8');
  } catch {
    return null;
  }
  const read = (name) => {
    const match = text.match(new RegExp(`^${name} :=((?:.*\\\\\\n)*.*)$`, 'm'));
    if (!match) return [];
    return match[1].split(/\\\n/).map((s) => s.trim()).filter(Boolean);
  };
  const defines = read('DEFS_Release').filter((d) => /NAPI|NDEBUG/.test(d));
  return [...read('CFLAGS_Release'), ...read('CFLAGS_CC_Release'), ...defines]
    .map((flag) => flag.replace(/'/g, ''))
    .join(' ');
}

function compilerVersion() {
  const { execFileSync } = require('child_process');
  try {
    const cxx = process.env.CXX || 'g++';
    return execFileSync(cxx, ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return 'unknown';
  }
}

// The runtime the cases run under (TSCB_BENCH_RUNTIME, see spawn.js).
function caseVersions() {
  const name = process.env.TSCB_BENCH_RUNTIME;
  return name ? require('../../tools/runtimes').versionsOf(name) : { version: process.version, versions: process.versions };
}

function stamp(buildDir) {
  const cpus = os.cpus();
  const { version, versions } = caseVersions();
  return {
    cpu: cpus.length ? cpus[0].model.trim() : 'unknown',
    cores: os.availableParallelism ? os.availableParallelism() : cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: version,
    v8: versions.v8,
    napi: versions.napi,
    uv: versions.uv,
    compiler: compilerVersion(),
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
    buildFlags: {
      bench_peers: buildFlags(buildDir, 'bench_peers'),
      bench_tscb: buildFlags(buildDir, 'bench_tscb'),
    },
  };
}

module.exports = { stamp };
