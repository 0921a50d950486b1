#!/usr/bin/env node
'use strict';
// The sanitizer jobs of issue 5, one after another; exits non-zero when any
// job fails or any sanitizer reports anything. docs/reliability.md says what
// each job runs and why.
//
//   node tools/sanitize.js                 every job
//   node tools/sanitize.js tsan asan-core  some of them
//
// Jobs:
//   tsan-core      core GoogleTest suite under ThreadSanitizer (clang)
//   asan-core      core GoogleTest suite under AddressSanitizer + UBSan (clang), leaks on
//   asan-addon     the package's binding and the test addon built with
//                  -fsanitize=address,undefined into build-sanitize/, and the
//                  Mocha suite run under them in Node (libasan preloaded, leaks on)
//   valgrind-core  core suite, shorter, under valgrind --leak-check=full
//
// Environment: TSCB_SANITIZE_CORE_SCALE (default 1: the full core suite, 10 s
// of random interleavings) shrinks the core workloads under TSan and ASan
// (valgrind runs 50 times less than that); TSCB_SANITIZE_SCALE (default 1:
// 500 Worker cycles, 200 children) shrinks the Mocha torture tests; TSCB_SANITIZE_MOCHA='<glob> ...' overrides the Mocha files;
// TSCB_SANITIZE_REUSE=1 reuses the sanitizer builds of build-sanitize/.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { buildEnv, nodeGyp } = require('./build');

const root = path.resolve(__dirname, '..');
const scratch = path.join(root, 'build-sanitize');
const scale = process.env.TSCB_SANITIZE_SCALE || '1';
const coreScale = process.env.TSCB_SANITIZE_CORE_SCALE || '1';
const jobs = process.argv.slice(2);

// What a sanitizer prints when it has something to say.
const reportPatterns = [
  /WARNING: ThreadSanitizer/,
  /ERROR: AddressSanitizer/,
  /ERROR: LeakSanitizer/,
  /runtime error: /, // UBSan
  /definitely lost: [1-9][\d,]* bytes/, // valgrind
  /ERROR SUMMARY: [1-9]/, // valgrind
];

// The Mocha files of the sanitized run: every guarantee of API.md and the
// rest of the C++ API (01-19), the JS API (20-33), the reliability tests
// (40-42), at the scale above.
// The progress workers' tests (5x) belong to their own feature and are
// left out only to keep the job short; set TSCB_SANITIZE_MOCHA to add them.
const defaultMocha = ['test/js/0*.js', 'test/js/1*.js', 'test/js/2*.js', 'test/js/3*.js', 'test/js/4*.js'];

// Tests whose titles match this run in the second, leak-check-free pass:
// their children end through process.exit() (or an uncaught exception, the
// same path) while producer threads or Workers still call.
const processExit = /process\.exit\(|the main thread ends/;
// Left out under ASan, each for a reason that is not the project's: an RSS
// bound (ASan's shadow memory and quarantine), recursion 999+ levels deep on
// a Worker's 4 MiB stack (ASan's frames are several times larger), and a
// test that runs node-gyp itself.
const notUnderAsan = /RSS|levels deep|CONCURRENTQUEUE_INCLUDE_DIR/;

function log(line) {
  process.stdout.write(`[sanitize] ${line}\n`);
}

// Runs a command with output passed through and scanned; resolves
// { code, signal, reports } where reports counts the sanitizer lines.
function run(command, args, { env = {}, cwd = root } = {}) {
  return new Promise((resolve) => {
    log(`$ ${Object.entries(env).map(([k, v]) => `${k}=${JSON.stringify(v)} `).join('')}${command} ${args.join(' ')}`);
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let reports = 0;
    const firstReports = [];
    const scan = (stream, sink) => {
      let rest = '';
      stream.on('data', (chunk) => {
        sink.write(chunk);
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        for (const line of lines) {
          if (reportPatterns.some((pattern) => pattern.test(line))) {
            reports++;
            if (firstReports.length < 5) firstReports.push(line.trim());
          }
        }
      });
    };
    scan(child.stdout, process.stdout);
    scan(child.stderr, process.stderr);
    child.on('error', (error) => resolve({ code: 127, signal: null, reports, firstReports, error }));
    child.on('close', (code, signal) => resolve({ code, signal, reports, firstReports }));
  });
}

function which(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
}

async function coreTests(sanitizer, extraEnv) {
  return run(process.execPath, [path.join(root, 'tools', 'run-core-tests.js')], {
    env: { TSCB_SANITIZE: sanitizer, TSCB_TEST_SCALE: coreScale, ...extraEnv },
  });
}

// Links every source of a gyp project into a scratch folder, so node-gyp
// builds there and leaves the project's own build/ alone.
function mirror(from, to, entries) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const entry of entries) {
    fs.symlinkSync(path.relative(to, path.join(from, entry)), path.join(to, entry));
  }
}

async function buildSanitized() {
  mirror(root, path.join(scratch, 'binding'), ['binding.gyp', 'threadsafe_callback.gyp', 'include', 'src', 'tools']);
  const addonDir = path.join(root, 'test', 'addon');
  mirror(addonDir, path.join(scratch, 'addon'),
    fs.readdirSync(addonDir).filter((name) => /\.(cc|h|gyp)$/.test(name)));
  const flags = '-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g';
  const env = { CXXFLAGS: flags, CFLAGS: flags, LDFLAGS: '-fsanitize=address,undefined' };
  const nodedir = buildEnv().npm_config_nodedir;
  const gyp = nodeGyp();
  for (const dir of ['binding', 'addon']) {
    const args = [...gyp.args, 'rebuild', '-j', String(os.cpus().length)];
    if (nodedir) args.push(`--nodedir=${nodedir}`);
    const result = await run(gyp.file, args, { env, cwd: path.join(scratch, dir) });
    if (result.code !== 0) return result;
  }
  return { code: 0, signal: null, reports: 0, firstReports: [] };
}

function asanRuntime() {
  const result = spawnSync(process.env.CXX || 'g++', ['-print-file-name=libasan.so'], { encoding: 'utf8' });
  const file = (result.stdout || '').trim();
  return path.isAbsolute(file) && fs.existsSync(file) ? file : null;
}

const definitions = {
  'tsan-core': () => coreTests('thread', {
    TSAN_OPTIONS: `halt_on_error=0 exitcode=66 second_deadlock_stack=1 suppressions=${path.join(__dirname, 'sanitize', 'tsan.supp')}`,
  }),

  'asan-core': () => coreTests('address', {
    ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:strict_string_checks=1:check_initialization_order=1',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
  }),

  'asan-addon': async () => {
    const runtime = asanRuntime();
    if (runtime === null) {
      log('asan-addon: g++ has no libasan.so (Debian: gcc, libasan8)');
      return { code: 1, signal: null, reports: 0, firstReports: [] };
    }
    if (process.env.TSCB_SANITIZE_REUSE !== '1') {  // 1: keep build-sanitize/ as it is
      const built = await buildSanitized();
      if (built.code !== 0) return built;
    }
    const files = process.env.TSCB_SANITIZE_MOCHA ? process.env.TSCB_SANITIZE_MOCHA.split(/\s+/) : defaultMocha;
    const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const env = (leaks) => ({
      LD_PRELOAD: runtime,
      NODE_OPTIONS: `--require ${path.join(__dirname, 'sanitize', 'redirect.js')}`,
      TSCB_SANITIZE_BUILD: scratch,
      TSCB_TEST_SCALE: scale,
      // Node has its own SIGSEGV handler (WebAssembly bounds checks).
      ASAN_OPTIONS: [`detect_leaks=${leaks ? 1 : 0}`, 'allow_user_segv_handler=1', 'detect_odr_violation=0',
        'exitcode=23'].join(':'),
      LSAN_OPTIONS: `suppressions=${path.join(__dirname, 'sanitize', 'lsan.supp')}:print_suppressions=0`,
      UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
    });
    const config = ['--config', path.join(__dirname, 'sanitize', 'mocharc.json')];
    // Pass 1, leak checks on in every process: all but the tests below.
    let result = await run(process.execPath, [mocha, ...config, '--grep', `${processExit.source}|${notUnderAsan.source}`,
      '--invert', ...files], { env: env(true) });
    if (result.code !== 0 || result.reports !== 0) return result;
    // Pass 2, leak checks off: children that call process.exit() while
    // producer threads call. Node runs no cleanup hook on the main thread's
    // process.exit(), so those threads still run when LeakSanitizer stops
    // the world at exit(), and its tracer crashes there.
    const second = await run(process.execPath, [mocha, ...config, '--grep', processExit.source, ...files],
      { env: env(false) });
    return { ...second, reports: result.reports + second.reports, firstReports: [...result.firstReports, ...second.firstReports] };
  },

  'valgrind-core': async () => {
    if (!which('valgrind')) {
      log('valgrind-core: valgrind is not installed (Debian: valgrind)');
      return { code: 1, signal: null, reports: 0, firstReports: [] };
    }
    // TSCB_SANITIZE=valgrind: no flags, and no allocation count test (it
    // replaces operator new, as valgrind does).
    return coreTests('valgrind', {
      TSCB_TEST_SCALE: String(Number(coreScale) * 50),
      TSCB_CORE_RUNNER: 'valgrind --leak-check=full --errors-for-leak-kinds=definite ' +
        '--show-leak-kinds=definite --error-exitcode=99 --fair-sched=yes',
    });
  },
};

async function main() {
  const selected = jobs.length > 0 ? jobs : Object.keys(definitions);
  for (const name of selected) {
    if (!definitions[name]) {
      console.error(`unknown job ${name}; jobs: ${Object.keys(definitions).join(', ')}`);
      process.exit(2);
    }
  }
  const summary = [];
  for (const name of selected) {
    const started = Date.now();
    log(`---- ${name}`);
    const result = await definitions[name]();
    const seconds = Math.round((Date.now() - started) / 1000);
    const ok = result.code === 0 && result.signal === null && result.reports === 0;
    summary.push({ name, ok, seconds, ...result });
    log(`---- ${name}: ${ok ? 'ok' : 'FAILED'} (exit ${result.code}${result.signal ? `, ${result.signal}` : ''}, ` +
      `${result.reports} sanitizer report line(s), ${seconds} s)`);
  }
  log('summary:');
  for (const { name, ok, seconds, reports, firstReports } of summary) {
    log(`  ${ok ? 'ok    ' : 'FAILED'} ${name} ${seconds} s, ${reports} report line(s)`);
    for (const line of firstReports) log(`           ${line}`);
  }
  process.exit(summary.every(({ ok }) => ok) ? 0 : 1);
}

main();
