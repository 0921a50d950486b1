'use strict';
// Runs one repetition of one case in a fresh process and returns what the
// child reported: its last stdout line, as JSON. The process is this Node,
// or the runtime that TSCB_BENCH_RUNTIME names (node22, node24, node26, bun,
// deno: tools/runtimes.js installs it if need be).
const path = require('path');
const { spawnSync } = require('child_process');
const { commandFor } = require('../../tools/runtimes');

const TIMEOUT_MS = 120_000;

let runtime;
function caseRuntime() {
  if (runtime === undefined) {
    const name = process.env.TSCB_BENCH_RUNTIME;
    runtime = name ? commandFor(name) : { file: process.execPath, args: [] };
  }
  return runtime;
}

function runCase(testCase) {
  const script = path.join(__dirname, '..', 'scenarios', `${testCase.scenario}.js`);
  const { file, args } = caseRuntime();
  const child = spawnSync(file, [...args, script, JSON.stringify(testCase.params)], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = (child.stdout || '').trim().split('\n').filter(Boolean);
  let result = null;
  try {
    result = JSON.parse(lines[lines.length - 1]);
  } catch {
    // no result line
  }
  if (child.error && child.error.code === 'ETIMEDOUT') {
    return { error: `did not end within ${TIMEOUT_MS / 1000} s (a leaked handle or a hang)` };
  }
  if (!result) {
    const why = child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`;
    const stderr = (child.stderr || '').trim().split('\n').slice(-8).join('\n');
    return { error: `no result (${why})${stderr ? `:\n${stderr}` : ''}` };
  }
  if (!result.error && !result.stalled && child.status !== 0) {
    result.error = `exit code ${child.status} after reporting`;
  }
  return result;
}

module.exports = { runCase };
