#!/usr/bin/env node
'use strict';
// Configures, builds and runs the core's GoogleTest suite (no Node involved
// in the tests themselves). TSCB_SANITIZE=thread|address picks a sanitizer
// build in its own folder; TSCB_TEST_SCALE=N shrinks the workloads N times.
const { spawnSync } = require('child_process');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const sanitize = process.env.TSCB_SANITIZE || '';
const build = path.join(root, 'test', 'core', sanitize ? `build-${sanitize}` : 'build');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) {
    console.error(`threadsafe-callback: cannot run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status === null ? 1 : result.status);
}

const configure = ['-S', path.join(root, 'test', 'core'), '-B', build, '-DCMAKE_BUILD_TYPE=RelWithDebInfo'];
if (sanitize) configure.push(`-DTSCB_SANITIZE=${sanitize}`, '-DCMAKE_CXX_COMPILER=clang++');
run('cmake', configure, { stdio: ['ignore', 'ignore', 'inherit'] });
run('cmake', ['--build', build, '-j', String(os.cpus().length)]);
run(path.join(build, 'core_tests'), process.argv.slice(2));
