'use strict';
// Producer cost: nanoseconds per call on one producer thread, timed by the
// producer around its send loop.
//   mode 'queued': the JS thread waits for the producer, so nothing drains
//                  while it sends: the cost of the call alone.
//   mode 'draining': the JS thread drains while the producer sends, as in
//                  real use: the call plus its contention with the consumer.
const { main, makeSink } = require('../lib/child');
const { loadPeer } = require('../lib/fixture');

main(async ({ peer: name, calls, warmup, mode }) => {
  const peer = loadPeer(name);
  const sink = makeSink();
  let result;
  for (const n of [warmup, calls]) {
    const done = sink.expect(n);
    const run = peer.start(sink.fn, {
      threads: 1,
      callsPerThread: n,
      waitForProducers: mode === 'queued',
    });
    if ((await done) === 'stalled') {
      peer.abandon(run);
      return { stalled: true, arrived: sink.count, expected: n };
    }
    result = peer.finish(run);
    if (result.rejected) throw new Error(`${result.rejected} calls rejected`);
  }
  return { nsPerCall: result.producerNs / calls };
});
