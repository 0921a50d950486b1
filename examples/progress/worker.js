'use strict';
// The demo's Worker jobs: plain JavaScript in a worker_threads Worker,
// reporting progress through the shared callback that Job.worker() set up.
const { runJob } = require('threadsafe-callback');

// Primes below `limit`, by trial division; progress: numbers checked.
function primes(limit, reportProgress, throwIfAborted) {
  let count = limit > 2 ? 1 : 0;
  for (let n = 3; n < limit; n += 2) {
    let prime = true;
    for (let d = 3; d * d <= n; d += 2) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
    if ((n & 1023) === 1) {
      reportProgress(n);
      throwIfAborted();
    }
  }
  reportProgress(limit);
  return { primes: count };
}

// π from `samples` points of a small seeded generator (xorshift32);
// progress: points drawn.
function pi(samples, reportProgress, throwIfAborted) {
  let state = 2463534242;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  let inside = 0;
  for (let i = 1; i <= samples; i++) {
    const x = next();
    const y = next();
    if (x * x + y * y <= 1) inside++;
    if ((i & 4095) === 0) {
      reportProgress(i);
      throwIfAborted();
    }
  }
  reportProgress(samples);
  return { pi: (4 * inside) / samples };
}

runJob(({ data, reportProgress, throwIfAborted }) => {
  if (data.task === 'primes') return primes(data.limit, reportProgress, throwIfAborted);
  return pi(data.samples, reportProgress, throwIfAborted);
});
