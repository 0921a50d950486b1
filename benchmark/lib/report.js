'use strict';
// The markdown report of one run: machine stamp, one table per scenario,
// and the targets.
const { find } = require('./targets');
const { LABELS, THREADS, QUEUES, NATIVE, PAYLOADS, WORKERS } = require('./plan');

const STALL_NOTE = 'stalls: no call arrived for 3 s while producers sat blocked in a ' +
  'blocking call. Node\'s napi_threadsafe_function wakes one blocked producer, and only when ' +
  'its queue stops being full, so with two or more blocked producers the others can sleep on ' +
  'after the queue has drained (nodejs/node#58723, open)';

// "median (min–max)" scaled and rounded, or why there is no number.
function cell(c, metric, scale = 1, digits = 2) {
  if (!c) return '·';
  if (c.stalled) return 'stalls ¹';
  if (c.skipped) return 'skipped ²';
  if (c.error) return 'error ³';
  const s = c.summary && c.summary[metric];
  if (!s) return '·';
  const f = (v) => (v * scale).toFixed(digits);
  return `**${f(s.median)}** (${f(s.min)}–${f(s.max)})`;
}

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)]
    .join('\n');
}

function throughputTable(cases) {
  const columns = [];
  for (const q of QUEUES) for (const t of THREADS) columns.push({ t, q });
  const head = ['peer', ...columns.map(({ t, q }) => `${t} thr${q ? ', queue 1024' : ''}`)];
  const rows = [...NATIVE, 'tscb_invoke'].map((peer) => [LABELS[peer], ...columns.map(({ t, q }) =>
    (peer === 'tscb_invoke' && q ? '·' : cell(find(cases, 'throughput', peer,
      { threads: t, maxQueueSize: q }), 'callsPerSecond', 1e-6)))]);
  const ceiling = find(cases, 'throughput', 'ceiling');
  rows.push([LABELS.ceiling, cell(ceiling, 'callsPerSecond', 1e-6), ...columns.slice(1).map(() => '″')]);
  return table(head, rows);
}

function ratioTable(cases) {
  const columns = [];
  for (const q of QUEUES) for (const t of THREADS) columns.push({ t, q });
  const m = (c) => (c && !c.stalled && c.summary && c.summary.callsPerSecond
    ? c.summary.callsPerSecond.median : NaN);
  const ceiling = m(find(cases, 'throughput', 'ceiling'));
  const ratio = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '·');
  const row = (name, denominator) => [name, ...columns.map(({ t, q }) => {
    const ours = m(find(cases, 'throughput', 'tscb', { threads: t, maxQueueSize: q }));
    return ratio(ours, denominator(t, q));
  })];
  const head = ['tscb Call ÷', ...columns.map(({ t, q }) => `${t} thr${q ? ', queue 1024' : ''}`)];
  return table(head, [
    ...NATIVE.filter((p) => p !== 'tscb').map((peer) => row(LABELS[peer],
      (t, q) => m(find(cases, 'throughput', peer, { threads: t, maxQueueSize: q })))),
    row('the ceiling', () => ceiling),
  ]);
}

function producerTable(cases) {
  return table(['peer', 'JS thread busy (call alone)', 'JS thread draining'],
    NATIVE.map((peer) => [LABELS[peer],
      cell(find(cases, 'producer-cost', peer, { mode: 'queued' }), 'nsPerCall', 1, 1),
      cell(find(cases, 'producer-cost', peer, { mode: 'draining' }), 'nsPerCall', 1, 1)]));
}

function latencyTable(cases) {
  return table(['peer', 'p50', 'p99', 'p99.9', 'max'],
    NATIVE.map((peer) => {
      const c = find(cases, 'latency', peer);
      return [LABELS[peer], cell(c, 'p50', 1, 1), cell(c, 'p99', 1, 1), cell(c, 'p999', 1, 0),
        cell(c, 'max', 1, 0)];
    }));
}

function memoryTable(cases) {
  return table(['peer', 'bytes per queued call', 'queued MiB', 'peak RSS MiB'],
    NATIVE.map((peer) => {
      const c = find(cases, 'memory', peer);
      return [LABELS[peer], cell(c, 'bytesPerCall', 1, 1), cell(c, 'queuedMiB', 1, 0),
        cell(c, 'peakRssMiB', 1, 0)];
    }));
}

function workerTable(cases) {
  const columns = [];
  for (const payload of PAYLOADS) for (const w of WORKERS) columns.push({ payload, w });
  return table(['peer', ...columns.map(({ payload, w }) => `${payload}, ${w} Worker${w > 1 ? 's' : ''}`)],
    ['postMessage', 'tscb_js'].map((peer) => [LABELS[peer], ...columns.map(({ payload, w }) =>
      cell(find(cases, 'worker-bridge', peer, { payload, workers: w }), 'callsPerSecond', 1e-3, 0))]));
}

function targetTable(targets) {
  const fmt = (v, unit) => {
    if (v === undefined) return '·';
    if (unit === 'calls/s') return `${(v / 1e6).toFixed(2)} M/s`;
    return `${v.toFixed(1)} ${unit}`;
  };
  return table(['target', 'tscb', 'peer', 'ratio', 'needed', 'met'],
    targets.map((t) => [t.name, fmt(t.ours, t.unit), fmt(t.theirs, t.unit),
      t.ratio === null ? `· (${t.note})` : `${t.ratio.toFixed(2)}×`, t.need,
      t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']));
}

function stampText(results) {
  const m = results.machine;
  const flags = m.buildFlags.bench_peers === m.buildFlags.bench_tscb
    ? `\`${m.buildFlags.bench_peers}\` (both fixtures)`
    : `peers \`${m.buildFlags.bench_peers}\`, tscb \`${m.buildFlags.bench_tscb}\``;
  return [
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8}, Node-API ${m.napi}, libuv ${m.uv}); ${m.compiler}`,
    `- Build flags: ${flags}`,
    `- Load average (1 min) before the run ${m.loadAverageBefore}, after ${m.loadAverage[0]}`,
    `- ${results.reps} repetitions per case, each in a fresh process; ` +
      `${results.date}; the run took ${Math.round(results.seconds)} s` +
      (results.scale !== 1 ? `; **counts scaled by ${results.scale} (not for publishing)**` : ''),
  ].join('\n');
}

function notes(cases) {
  const out = [];
  const stalled = cases.filter((c) => c.stalled);
  if (stalled.length) out.push(`¹ ${STALL_NOTE}. Cases: ${stalled.map((c) => `${c.key} ` +
    `(stalled after ${c.stalled.arrived} of ${c.stalled.expected} calls` +
    `${c.stalled.during ? ` in the ${c.stalled.during}` : ''}` +
    `${c.stalled.completed ? `, after ${c.stalled.completed} repetition${c.stalled.completed > 1 ? 's' : ''} that completed` : ''})`).join('; ')}. ` +
    'A case that stalls is not repeated and has no figure.');
  const skipped = cases.filter((c) => c.skipped);
  if (skipped.length) out.push(`² skipped: ${[...new Set(skipped.map((c) => c.skipped))].join('; ')}.`);
  const failed = cases.filter((c) => c.error);
  if (failed.length) out.push(`³ errors: ${failed.map((c) => `${c.key}: ${c.error.split('\n')[0]}`).join('; ')}.`);
  return out.join('\n\n');
}

function markdown(results) {
  const { cases, targets, sizes } = results;
  return [
    stampText(results),
    '',
    `### Throughput, million calls/s (${sizes.throughputCalls.toLocaleString('en')} calls; median (min–max))`,
    '',
    throughputTable(cases),
    '',
    'The ceiling has no producer threads: one figure for every column.',
    '',
    '### Throughput ratios (medians)',
    '',
    ratioTable(cases),
    '',
    `### Producer cost, ns per call on the producer thread (${sizes.producerCalls.toLocaleString('en')} calls)`,
    '',
    producerTable(cases),
    '',
    `### Latency, µs from enqueue to the start of the JS call (one producer, ${sizes.latencyRate.toLocaleString('en')} calls/s, ${sizes.latencyCalls.toLocaleString('en')} samples)`,
    '',
    latencyTable(cases),
    '',
    `### Memory, ${sizes.memoryCalls.toLocaleString('en')} calls queued before the loop drains`,
    '',
    memoryTable(cases),
    '',
    `### Worker bridge, thousand calls/s (${sizes.workerCalls.toLocaleString('en')} messages per Worker)`,
    '',
    workerTable(cases),
    '',
    '### Targets',
    '',
    targetTable(targets),
    '',
    notes(cases),
  ].join('\n').trim() + '\n';
}

module.exports = { markdown };
