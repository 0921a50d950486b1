'use strict';
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const finder = path.join(root, 'tools', 'find-concurrentqueue.js');
const { selfCommand } = require('../../tools/runtimes');

function find(env) {
  const runtime = selfCommand();
  return spawnSync(runtime.file, [...runtime.args, finder], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('15. building against the header: finding moodycamel ConcurrentQueue', function () {
  it('finds the system copy by default', function () {
    const result = find({ CONCURRENTQUEUE_INCLUDE_DIR: '' });
    assert.strictEqual(result.status, 0, result.stderr);
    assert.ok(fs.existsSync(path.join(result.stdout, 'concurrentqueue.h')), result.stdout);
  });

  it('finds a copy in CONCURRENTQUEUE_INCLUDE_DIR, in the moodycamel/ layout too', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tscb-cq-'));
    fs.mkdirSync(path.join(dir, 'moodycamel'));
    fs.writeFileSync(path.join(dir, 'moodycamel', 'concurrentqueue.h'), '// stand-in\n');
    try {
      const result = find({ CONCURRENTQUEUE_INCLUDE_DIR: dir });
      assert.strictEqual(result.status, 0, result.stderr);
      assert.strictEqual(result.stdout, path.join(dir, 'moodycamel'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops with one line naming CONCURRENTQUEUE_INCLUDE_DIR when it holds no header', function () {
    const result = find({ CONCURRENTQUEUE_INCLUDE_DIR: '/nonexistent/include' });
    assert.strictEqual(result.status, 1);
    assert.strictEqual(result.stdout, '');
    assert.strictEqual(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /CONCURRENTQUEUE_INCLUDE_DIR=\/nonexistent\/include holds no concurrentqueue\.h/);
  });

  it('a consumer addon\'s configure step stops with that line', function () {
    const nodeGyp = process.env.npm_config_node_gyp ||
      '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js';
    const nodedir = process.env.npm_config_nodedir || (fs.existsSync('/usr/include/node/node_api.h') ? '/usr' : '');
    if (!fs.existsSync(nodeGyp) || !nodedir) this.skip();  // configure must not download headers
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tscb-consumer-'));
    fs.writeFileSync(path.join(dir, 'binding.gyp'), JSON.stringify({
      targets: [{
        target_name: 'consumer',
        sources: ['consumer.cc'],
        include_dirs: [`<!(node -p "require('${root}').include_dir")`],
        dependencies: [`<!(node -p "require('${root}').gyp")`],
      }],
    }));
    try {
      const result = spawnSync(process.execPath, [nodeGyp, 'configure', `--nodedir=${nodedir}`], {
        cwd: dir, encoding: 'utf8', env: { ...process.env, CONCURRENTQUEUE_INCLUDE_DIR: '/nonexistent/include' },
      });
      assert.notStrictEqual(result.status, 0);
      assert.match(result.stderr, /CONCURRENTQUEUE_INCLUDE_DIR=\/nonexistent\/include holds no concurrentqueue\.h/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('15. building against the header: every addon keeps its own state', function () {
  // g++ makes a function-local static of an inline function, or a static
  // member of a class template, a process-wide STB_GNU_UNIQUE symbol unless
  // it is hidden: every addon built from the header would then share one
  // env registry, with code from whichever addon loaded first.
  it('no symbol of tscb is exported as unique (nm -D) from the binding or either test addon', function () {
    if (process.platform !== 'linux') this.skip();
    const files = [
      path.join(root, 'build', 'Release', 'threadsafe_callback_binding.node'),
      path.join(root, 'test', 'addon', 'build', 'Release', 'tscb_test_addon.node'),
      path.join(root, 'test', 'addon', 'build', 'Release', 'tscb_test_addon_noexcept.node'),
    ].filter((file) => fs.existsSync(file));
    assert.ok(files.length >= 2, `built addons: ${files.join(', ')}`);
    for (const file of files) {
      const result = spawnSync('nm', ['-D', '-C', file], { encoding: 'utf8' });
      if (result.error) this.skip();  // no binutils
      assert.strictEqual(result.status, 0, result.stderr);
      assert.match(result.stdout, / T napi_register_module_v1$/m, `${file}: the symbol table was read`);
      const unique = result.stdout.split('\n').filter((line) => / u .*\btscb::/.test(line));
      assert.deepStrictEqual(unique, [], `${path.basename(file)} exports unique tscb symbols`);
    }
  });
});
