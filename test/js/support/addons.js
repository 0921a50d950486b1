'use strict';
// The consumer test addon, in both node-addon-api exception modes, and a way
// to run fixtures in child processes.
const { spawn } = require('child_process');
const path = require('path');

const { selfCommand } = require('../../../tools/runtimes');

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

// Runs `node fixture args...` (under the runtime running the tests);
// resolves { code, signal, stdout, stderr }.
function runFixture(fixture, args = [], { timeoutMs = 60000, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const runtime = selfCommand(nodeArgs);
    const child = spawn(runtime.file, [...runtime.args, path.join(__dirname, '..', 'fixtures', fixture), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${fixture} ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// Resolves when `predicate()` is true, checking once per loop turn.
function until(predicate, what = 'condition', timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    (function check() {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setImmediate(check);
    })();
  });
}

module.exports = { flavours, load, eachFlavour, runFixture, until };
