'use strict';
// Every case of one run: scenario, peer and parameters. Sizes are chosen so
// the whole run takes a few minutes on a 2-core machine.

const LABELS = {
  napi_tsfn: 'napi_threadsafe_function (C API)',
  napi_tsfn_cpp: 'Napi::ThreadSafeFunction',
  napi_typed_tsfn: 'Napi::TypedThreadSafeFunction',
  tscb: 'tscb::ThreadSafeCallback Call',
  tscb_invoke: 'tscb::ThreadSafeCallback Invoke',
  ceiling: 'ceiling: JS thread, scope per call',
  postMessage: 'MessagePort.postMessage',
  tscb_js: 'ThreadSafeCallback.fromShared().call',
};

const SIZES = {
  throughputCalls: 4_000_000,
  throughputWarmup: 200_000,
  producerCalls: 1_000_000,
  producerWarmup: 100_000,
  producerRound: 10_000,
  latencyRate: 5_000,
  latencyCalls: 10_000,
  latencyWarmup: 500,
  memoryCalls: 4_000_000,
  memoryWarmup: 10_000,
  workerCalls: 200_000,
};

// Parameters that size a case rather than define it: not part of its key.
const COUNTS = ['calls', 'warmup', 'count', 'rate', 'round'];

const THREADS = [1, 2, 4];
const QUEUES = [0, 1024];
const NATIVE = ['napi_tsfn', 'napi_tsfn_cpp', 'napi_typed_tsfn', 'tscb'];
const PAYLOADS = ['number', 'string', 'object'];
const WORKERS = [1, 2];

// `scale` shrinks every count (for a quick look; never for published results).
function plan({ scale = 1, only = null } = {}) {
  const n = (count) => Math.max(1, Math.round(count * scale));
  const cases = [];
  const add = (scenario, peer, params) => {
    if (only && !only.includes(scenario)) return;
    const shape = Object.entries(params).filter(([k]) => !COUNTS.includes(k));
    const key = [scenario, peer, ...shape.map(([k, v]) => `${k}=${v}`)].join(' ');
    cases.push({ key, scenario, peer, label: LABELS[peer], params: { peer, ...params } });
  };

  for (const maxQueueSize of QUEUES) {
    for (const threads of THREADS) {
      for (const peer of [...NATIVE, 'tscb_invoke']) {
        if (peer === 'tscb_invoke' && maxQueueSize !== 0) continue;  // Invoke never blocks
        add('throughput', peer, {
          threads, maxQueueSize,
          calls: threads * Math.round(n(SIZES.throughputCalls) / threads),
          warmup: n(SIZES.throughputWarmup),
        });
      }
    }
  }
  add('throughput', 'ceiling', {
    threads: 1, maxQueueSize: 0, calls: n(SIZES.throughputCalls), warmup: n(SIZES.throughputWarmup),
  });

  for (const mode of ['queued', 'draining']) {
    for (const peer of NATIVE) {
      add('producer-cost', peer, {
        mode, calls: n(SIZES.producerCalls), warmup: n(SIZES.producerWarmup),
        round: SIZES.producerRound,
      });
    }
  }

  for (const peer of NATIVE) {
    add('latency', peer, {
      rate: SIZES.latencyRate, calls: n(SIZES.latencyCalls), warmup: n(SIZES.latencyWarmup),
    });
  }

  for (const peer of NATIVE) {
    add('memory', peer, { calls: n(SIZES.memoryCalls), warmup: n(SIZES.memoryWarmup) });
  }

  for (const workers of WORKERS) {
    for (const payload of PAYLOADS) {
      for (const peer of ['postMessage', 'tscb_js']) {
        add('worker-bridge', peer, { workers, payload, count: n(SIZES.workerCalls) });
      }
    }
  }
  return cases;
}

module.exports = { plan, LABELS, SIZES, THREADS, QUEUES, NATIVE, PAYLOADS, WORKERS };
