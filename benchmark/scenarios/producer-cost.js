'use strict';
// Producer cost: nanoseconds per call on one long-lived producer thread,
// timed by the producer around its send loop.
//   mode 'queued':   rounds of `round` calls; during a round the JS thread
//                    waits, so nothing drains: the cost of the call alone.
//                    The loop drains between rounds, so the queue's memory is
//                    warm and reused, as in steady use.
//   mode 'draining': `calls` calls in one go while the JS thread drains, as
//                    in a flood: the call plus its contention with the consumer.
const { main, makeSink } = require('../lib/child');
const { loadPeer } = require('../lib/fixture');

async function queued(peer, sink, { calls, warmup, round }) {
  const warmRounds = Math.ceil(warmup / round);
  const rounds = warmRounds + Math.ceil(calls / round);
  const run = peer.start(sink.fn, { threads: 1, callsPerThread: round, rounds });
  let ns = 0;
  for (let r = 0; r < rounds; r++) {
    const done = sink.expect(round);
    const roundNs = peer.round(run);
    if ((await done) === 'stalled') {
      peer.abandon(run);
      return { stalled: true, arrived: sink.count, expected: round };
    }
    if (r >= warmRounds) ns += roundNs;
  }
  const { rejected } = peer.finish(run);
  if (rejected) throw new Error(`${rejected} calls rejected`);
  return { nsPerCall: ns / ((rounds - warmRounds) * round) };
}

async function draining(peer, sink, { calls, warmup }) {
  let result;
  for (const n of [warmup, calls]) {
    const done = sink.expect(n);
    const run = peer.start(sink.fn, { threads: 1, callsPerThread: n });
    if ((await done) === 'stalled') {
      peer.abandon(run);
      return { stalled: true, arrived: sink.count, expected: n };
    }
    result = peer.finish(run);
    if (result.rejected) throw new Error(`${result.rejected} calls rejected`);
  }
  return { nsPerCall: result.producerNs / calls };
}

main(async (params) => {
  const peer = loadPeer(params.peer);
  const sink = makeSink();
  return params.mode === 'queued' ? queued(peer, sink, params) : draining(peer, sink, params);
});
