'use strict';
// Latency: one producer at a steady low rate; each call carries the time it
// was sent, and the peer's JS-thread side notes the time just before it calls
// the function. The first `warmup` samples are dropped.
const { main, makeSink } = require('../lib/child');
const { loadPeer } = require('../lib/fixture');
const { percentile, sorted } = require('../lib/stats');

main(async ({ peer: name, rate, calls, warmup }) => {
  const peer = loadPeer(name);
  const sink = makeSink();
  const total = warmup + calls;
  const done = sink.expect(total);
  const run = peer.start(sink.fn, { threads: 1, callsPerThread: total, rate, latency: true });
  if ((await done) === 'stalled') {
    peer.abandon(run);
    return { stalled: true, arrived: sink.count, expected: total };
  }
  const { samples, rejected } = peer.finish(run);
  if (rejected) throw new Error(`${rejected} calls rejected`);
  const us = sorted(samples.subarray(warmup)).map((ns) => ns / 1000);
  return {
    p50: percentile(us, 50),
    p99: percentile(us, 99),
    p999: percentile(us, 99.9),
    max: us[us.length - 1],
    samples: us.length,
  };
});
