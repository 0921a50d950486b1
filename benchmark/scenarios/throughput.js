'use strict';
// Throughput: `threads` producers send `calls` calls in all, as fast as they
// can; the clock runs from start() to the JS function's last call.
// The ceiling row calls the function from the JS thread itself (`threads`
// is ignored).
const { main, makeSink } = require('../lib/child');
const { loadPeer } = require('../lib/fixture');

async function once(peer, sink, { peer: name, threads, maxQueueSize, calls }) {
  const done = sink.expect(calls);
  let run = null;
  const t0 = process.hrtime.bigint();
  let result = {};
  if (name === 'ceiling') {
    peer.run(sink.fn, calls);
    await done;
  } else {
    run = peer.start(sink.fn, {
      threads,
      callsPerThread: calls / threads,
      maxQueueSize,
    });
    if ((await done) === 'stalled') {
      peer.abandon(run);
      return { stalled: true, arrived: sink.count, expected: calls };
    }
    result = peer.finish(run);
  }
  if (sink.sum !== calls) throw new Error(`sum ${sink.sum}, expected ${calls}`);
  return { seconds: Number(sink.doneAt - t0) / 1e9, ...result };
}

main(async (params) => {
  const peer = loadPeer(params.peer);
  const sink = makeSink();
  const warmup = params.threads * Math.ceil(params.warmup / params.threads);
  const w = await once(peer, sink, { ...params, calls: warmup });
  if (w.stalled) return { ...w, during: 'warm-up' };
  const r = await once(peer, sink, params);
  if (r.stalled) return r;
  const out = {
    callsPerSecond: params.calls / r.seconds,
    seconds: r.seconds,
  };
  if (r.producerNs !== undefined) out.producerNsPerCall = r.producerNs / params.calls;
  if (r.rejected) throw new Error(`${r.rejected} calls rejected`);
  if (r.stats) out.stats = r.stats;
  return out;
});
