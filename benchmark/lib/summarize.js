'use strict';
// Turns the repetitions of each case into median, min and max per metric.
const { summarize } = require('./stats');

const METRICS = {
  throughput: ['callsPerSecond', 'producerNsPerCall'],
  'producer-cost': ['nsPerCall'],
  latency: ['p50', 'p99', 'p999', 'max'],
  memory: ['bytesPerCall', 'queuedMiB', 'peakRssMiB', 'producerNsPerCall'],
  'worker-bridge': ['callsPerSecond'],
};

function summarizeCase(testCase, reps) {
  const out = { ...testCase, reps };
  const failed = reps.find((r) => r.error);
  const stalled = reps.find((r) => r.stalled);
  const skipped = reps.find((r) => r.skipped);
  if (failed) out.error = failed.error;
  if (stalled) {
    out.stalled = { ...stalled, completed: reps.filter((r) => !r.stalled && !r.error).length,
      of: reps.length };
  }
  if (skipped) out.skipped = skipped.skipped;
  const good = reps.filter((r) => !r.error && !r.stalled && !r.skipped);
  if (good.length) {
    out.summary = {};
    for (const metric of METRICS[testCase.scenario]) {
      const s = summarize(good.map((r) => r[metric]).filter((v) => v !== undefined));
      if (s) out.summary[metric] = s;
    }
  }
  return out;
}

module.exports = { summarizeCase, METRICS };
