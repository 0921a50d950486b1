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
// resolves { code, signal, stdout, stderr }. `timeoutMs` is a hang guard on
// the whole run; with `stallMs` instead, the guard is on progress: the child
// is killed only after printing nothing for that long (for long torture runs,
// whose total time is the machine's speed).
function runFixture(fixture, args = [], { timeoutMs = 120000, stallMs = 0, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const runtime = selfCommand(nodeArgs);
    const child = spawn(runtime.file, [...runtime.args, path.join(__dirname, '..', 'fixtures', fixture), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer = null;
    const guard = () => {
      clearTimeout(timer);
      const ms = stallMs > 0 ? stallMs : timeoutMs;
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${fixture} ${args.join(' ')} ${stallMs > 0 ? `printed nothing for ${ms} ms` :
          `did not exit within ${ms} ms`}\n${stdout}\n${stderr}`));
      }, ms);
    };
    guard();
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stallMs > 0) guard();
    });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// Resolves when `predicate()` is true, checking once per loop turn.
// `timeoutMs` is a hang guard, far beyond what any wait takes on a loaded
// machine.
function until(predicate, what = 'condition', timeoutMs = 100000) {
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
