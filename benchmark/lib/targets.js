'use strict';
// The targets of the benchmark issue, checked against one run's medians.

function find(cases, scenario, peer, match = {}) {
  return cases.find((c) => c.scenario === scenario && c.peer === peer &&
    Object.entries(match).every(([k, v]) => c.params[k] === v));
}

// A case that stalled in any repetition has no figure, even when some
// repetitions completed.
function median(c, metric) {
  return c && !c.stalled && c.summary && c.summary[metric] ? c.summary[metric].median : undefined;
}

// Why a case has no number, or null.
function missing(c) {
  if (!c) return 'not run';
  if (c.stalled) return 'stalls';
  if (c.skipped) return 'skipped';
  if (c.error) return 'error';
  return null;
}

function need(atLeast, atMost) {
  return atLeast !== undefined ? `≥ ${atLeast}×` : `≤ ${+atMost.toFixed(2)}×`;
}

function compare(name, ours, theirs, metric, { atLeast, atMost, unit }) {
  if (!ours || !theirs) return null;  // not part of this run
  const a = median(ours, metric);
  const b = median(theirs, metric);
  const gap = missing(ours) || missing(theirs);
  if (a === undefined || b === undefined) {
    const who = missing(ours) ? 'library' : 'peer';
    return { name, ratio: null, need: need(atLeast, atMost),
      met: null, note: `${who === 'peer' ? theirs.label : 'the library'} ${gap || 'has no result'}` };
  }
  const ratio = a / b;
  const met = atLeast !== undefined ? ratio >= atLeast : ratio <= atMost;
  return { name, ours: a, theirs: b, unit, ratio,
    need: need(atLeast, atMost), met };
}

function evaluate(cases) {
  const out = [];
  for (const q of [0, 1024]) {
    for (const t of [1, 2]) {
      const where = `${t} producer${t > 1 ? 's' : ''}, ${q ? 'queue 1024' : 'unbounded'}`;
      const ours = find(cases, 'throughput', 'tscb', { threads: t, maxQueueSize: q });
      out.push(compare(`throughput vs napi_threadsafe_function, ${where}`, ours,
        find(cases, 'throughput', 'napi_tsfn', { threads: t, maxQueueSize: q }),
        'callsPerSecond', { atLeast: 2.5, unit: 'calls/s' }));
      out.push(compare(`throughput vs the ceiling, ${where}`, ours,
        find(cases, 'throughput', 'ceiling'), 'callsPerSecond', { atLeast: 1, unit: 'calls/s' }));
    }
  }
  for (const mode of ['queued', 'draining']) {
    out.push(compare(`producer cost vs napi_threadsafe_function, ${mode}`,
      find(cases, 'producer-cost', 'tscb', { mode }),
      find(cases, 'producer-cost', 'napi_tsfn', { mode }),
      'nsPerCall', { atMost: 1 / 3, unit: 'ns' }));
  }
  out.push(compare('p99 latency vs napi_threadsafe_function',
    find(cases, 'latency', 'tscb'), find(cases, 'latency', 'napi_tsfn'),
    'p99', { atMost: 1, unit: 'µs' }));
  out.push(compare('RSS per queued call vs napi_threadsafe_function',
    find(cases, 'memory', 'tscb'), find(cases, 'memory', 'napi_tsfn'),
    'bytesPerCall', { atMost: 1.5, unit: 'B' }));
  for (const payload of ['number', 'string']) {
    for (const workers of [1, 2]) {
      out.push(compare(`Worker bridge vs postMessage, ${payload}, ${workers} Worker${workers > 1 ? 's' : ''}`,
        find(cases, 'worker-bridge', 'tscb_js', { payload, workers }),
        find(cases, 'worker-bridge', 'postMessage', { payload, workers }),
        'callsPerSecond', { atLeast: 5, unit: 'calls/s' }));
    }
  }
  return out.filter(Boolean);
}

module.exports = { evaluate, find };
