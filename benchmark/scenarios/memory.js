'use strict';
// Memory: one producer queues `calls` calls while the JS thread waits for it
// (nothing drains), then the loop drains them. Reports the resident memory
// the queued calls took, per call, and the process's peak RSS.
const { main, makeSink } = require('../lib/child');
const { loadPeer } = require('../lib/fixture');

main(async ({ peer: name, calls, warmup }) => {
  const peer = loadPeer(name);
  const sink = makeSink();
  // A small round first, so code and allocator are warm before the baseline.
  let done = sink.expect(warmup);
  const first = peer.start(sink.fn, { threads: 1, callsPerThread: warmup });
  await done;
  peer.finish(first);

  done = sink.expect(calls);
  const before = process.memoryUsage.rss();
  const run = peer.start(sink.fn, { threads: 1, callsPerThread: calls, waitForProducers: true });
  const queued = process.memoryUsage.rss();
  if ((await done) === 'stalled') {
    peer.abandon(run);
    return { stalled: true, arrived: sink.count, expected: calls };
  }
  const { rejected, producerNs } = peer.finish(run);
  if (rejected) throw new Error(`${rejected} calls rejected`);
  return {
    bytesPerCall: (queued - before) / calls,
    queuedMiB: (queued - before) / 2 ** 20,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
    producerNsPerCall: producerNs / calls,
  };
});
