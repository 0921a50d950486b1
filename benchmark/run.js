#!/usr/bin/env node
'use strict';
// `npm run bench`: builds the fixtures if needed, runs every case in a fresh
// process (repetitions interleaved across peers), then prints the markdown
// report and writes results/latest.{json,svg} and the README's table.
//
//   --reps N       repetitions per case (default 7; fewer than 3 is a partial run)
//   --only a,b     only these scenarios (throughput, producer-cost, latency,
//                  memory, worker-bridge); written to results/partial.*
//   --scale x      multiply every count by x (quick look); results/partial.*
//   --rebuild      rebuild the fixtures first
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureBuilt } = require('./lib/build');
const { buildDir } = require('./lib/fixture');
const { stamp } = require('./lib/machine');
const { plan, SIZES } = require('./lib/plan');
const { runCase } = require('./lib/spawn');
const { summarizeCase } = require('./lib/summarize');
const { evaluate } = require('./lib/targets');
const { markdown } = require('./lib/report');
const { svg } = require('./lib/chart');
const readme = require('./lib/readme');

function parseArgs(argv) {
  const args = { reps: 7, only: null, scale: 1, rebuild: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reps') args.reps = Math.max(1, parseInt(argv[++i], 10));
    else if (a === '--only') args.only = argv[++i].split(',');
    else if (a === '--scale') args.scale = Number(argv[++i]);
    else if (a === '--rebuild') args.rebuild = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  const known = ['throughput', 'producer-cost', 'latency', 'memory', 'worker-bridge'];
  const unknown = (args.only || []).filter((s) => !known.includes(s));
  if (unknown.length) throw new Error(`unknown scenario: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  if (!(args.scale > 0)) throw new Error('--scale needs a positive number');
  return args;
}

function describe(result) {
  if (result.error) return `error: ${result.error.split('\n')[0]}`;
  if (result.stalled) return `stalled after ${result.arrived} of ${result.expected} calls`;
  if (result.skipped) return `skipped: ${result.skipped}`;
  const v = result.callsPerSecond ?? result.nsPerCall ?? result.p99 ?? result.bytesPerCall;
  const unit = result.callsPerSecond !== undefined ? ' calls/s'
    : result.nsPerCall !== undefined ? ' ns/call'
      : result.p99 !== undefined ? ' µs p99' : ' B/call';
  return `${Math.round(v * 10) / 10}${unit}`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  ensureBuilt({ force: args.rebuild });
  const loadBefore = os.loadavg()[0];
  if (loadBefore > 0.3 * os.cpus().length) {
    console.error(`note: load average ${loadBefore.toFixed(2)} before the run: ` +
      'other work on this machine will widen the min–max ranges');
  }
  const cases = plan({ scale: args.scale, only: args.only });
  const reps = new Map(cases.map((c) => [c.key, []]));
  const total = cases.length * args.reps;
  let done = 0;
  // Repetition r of every case before repetition r + 1 of any: a slow moment
  // of the machine lands on all peers alike.
  for (let r = 0; r < args.reps; r++) {
    for (const c of cases) {
      done++;
      const previous = reps.get(c.key);
      // A case that stalled, was skipped or failed is not repeated.
      if (previous.some((p) => p.stalled || p.skipped || p.error)) continue;
      const result = runCase(c);
      previous.push(result);
      console.error(`[${done}/${total}] ${c.key}: ${describe(result)}`);
    }
  }

  const summarized = cases.map((c) => summarizeCase(c, reps.get(c.key)));
  const partial = args.only !== null || args.scale !== 1 || args.reps < 3;
  const results = {
    date: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    reps: args.reps,
    scale: args.scale,
    partial,
    sizes: Object.fromEntries(Object.entries(SIZES).map(([k, v]) =>
      [k, /Rate$/.test(k) ? v : Math.max(1, Math.round(v * args.scale))])),
    machine: { ...stamp(buildDir), loadAverageBefore: Math.round(loadBefore * 100) / 100 },
    cases: summarized,
  };
  results.targets = evaluate(summarized);

  const report = markdown(results);
  process.stdout.write(`\n${report}`);
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, partial ? 'partial' : 'latest');
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(`${base}.svg`, svg(results));
  fs.writeFileSync(`${base}.md`, report);
  if (!partial && readme.update(report)) console.error('benchmark/README.md: table updated');
  console.error(`wrote ${path.relative(process.cwd(), base)}.{json,svg,md}`);
}

main();
