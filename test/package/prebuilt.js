'use strict';
// The packed tarball as users get it (`npm run test:package`): it carries a
// linux-x64 glibc prebuild that loads in every runtime of the matrix, with
// nothing to compile it (no compiler, no ConcurrentQueue header, no Node
// headers); and with --build-from-source it builds against the running
// Node's own headers, with no nodedir configured anywhere.
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { RUNTIMES, binary, currentRuntime } = require('../../tools/runtimes');

const root = path.resolve(__dirname, '..', '..');
const prebuild = 'prebuilds/linux-x64/threadsafe-callback.glibc.node';

// One call from a Worker, delivered on the main thread; prints what arrived.
const probe = `
const { Worker } = require('worker_threads');
const { ThreadSafeCallback } = require('threadsafe-callback');
const cb = new ThreadSafeCallback((value) => { console.log('call arrived: ' + value); cb.close(); });
new Worker("const { workerData } = require('worker_threads');" +
  "const { ThreadSafeCallback } = require('threadsafe-callback');" +
  "const handle = ThreadSafeCallback.fromShared(workerData); handle.call(42); handle.release();",
  { eval: true, workerData: cb.share() });
`;

// npm with no user configuration: no nodedir from ~/.npmrc or the environment.
function npm(args, { cwd, env = {} }) {
  const clean = { ...process.env, npm_config_userconfig: '/dev/null', ...env };
  delete clean.npm_config_nodedir;
  const result = spawnSync('npm', args, { cwd, env: clean, encoding: 'utf8' });
  assert.strictEqual(result.status, 0, `npm ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function app(scratch, name) {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true }));
  fs.writeFileSync(path.join(dir, 'probe.js'), probe);
  return dir;
}

// Runs probe.js in `dir` under a runtime of tools/runtimes.js.
function runProbe(dir, name) {
  const file = binary(name);
  const args = name === 'deno' ? ['run', '-A', '--unstable-detect-cjs'] : [];
  return spawnSync(file, [...args, 'probe.js'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
}

describe('the packed tarball', function () {
  let scratch;
  let tarball;

  before(function () {
    if (currentRuntime() !== 'node' || process.platform !== 'linux' || process.arch !== 'x64') this.skip();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tscb-pack-'));
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], { cwd: root }));
    tarball = { file: path.join(scratch, packed.filename), size: packed.size, files: packed.files.map((f) => f.path) };
    console.log(`      ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked; ` +
      `prebuild ${packed.files.find((f) => f.path === prebuild).size} bytes`);
  });

  after(function () {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('carries the linux-x64 glibc prebuild, the loader and the C++ headers, and no build output', function () {
    assert.ok(tarball.files.includes(prebuild), tarball.files.join('\n'));
    assert.ok(tarball.files.includes('tools/build.js'));
    assert.ok(tarball.files.includes('include/threadsafe_callback.h'));
    assert.ok(!tarball.files.some((file) => file.startsWith('build/')));
  });

  it('installs with no compiler, no ConcurrentQueue header and no Node headers, and a call arrives in every runtime', function () {
    const dir = app(scratch, 'no-compiler');
    npm(['install', tarball.file, '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: dir,
      env: { CC: 'false', CXX: 'false', CONCURRENTQUEUE_INCLUDE_DIR: '/nonexistent', npm_config_nodedir: '/nonexistent' },
    });
    const installed = path.join(dir, 'node_modules', 'threadsafe-callback');
    assert.ok(!fs.existsSync(path.join(installed, 'build')), 'nothing was built');
    const runtimes = Object.keys(RUNTIMES).filter((name) => fs.existsSync(binary(name)));
    for (const name of runtimes) {
      const result = runProbe(dir, name);
      assert.strictEqual(result.stdout, 'call arrived: 42\n', `${name}: ${result.stderr}`);
      assert.strictEqual(result.status, 0, `${name}: ${result.stderr}`);
    }
  });

  it('--build-from-source builds against the running Node\'s headers, with no nodedir configured', function () {
    const dir = app(scratch, 'from-source');
    npm(['install', tarball.file, '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: dir, env: { npm_config_build_from_source: 'true' },
    });
    const built = path.join(dir, 'node_modules', 'threadsafe-callback', 'build', 'Release', 'threadsafe_callback_binding.node');
    assert.ok(fs.existsSync(built), 'build/Release holds the binding');
    const result = runProbe(dir, 'node20');
    assert.strictEqual(result.stdout, 'call arrived: 42\n', result.stderr);
  });
});
