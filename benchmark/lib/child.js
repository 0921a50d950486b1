'use strict';
// The child side of a scenario: read the case's parameters, report one result.
// The result is the last line of stdout, as JSON. A child never calls
// process.exit: it must end by itself, so a leaked handle shows as a timeout.

function params() {
  return JSON.parse(process.argv[2] || '{}');
}

function emit(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// Runs an async main and reports a failure as a result, not a crash.
// A result with `stalled` set ends the process at once: its producers are
// stuck and cannot be joined.
function main(fn) {
  fn(params()).then((result) => {
    emit(result);
    if (result && result.stalled) process.exit(0);
  }, (error) => {
    emit({ error: String((error && error.stack) || error) });
    process.exitCode = 1;
  });
}

const WATCH_MS = 250;
const STALL_MS = 3000;

// The JS function every peer calls: adds its argument to a sum, and notes
// when the expected number of calls has arrived.
function makeSink() {
  const sink = {
    sum: 0,
    count: 0,
    target: Infinity,
    doneAt: 0n,
    onDone: null,
    fn(x) {
      sink.sum += x;
      if (++sink.count === sink.target) {
        sink.doneAt = process.hrtime.bigint();
        sink.onDone();
      }
    },
    // Resets the counters and returns a promise for `target` calls: it
    // resolves to 'done', or to 'stalled' when no call arrives for stallMs.
    expect(target, stallMs = STALL_MS) {
      sink.sum = 0;
      sink.count = 0;
      sink.target = target;
      return new Promise((resolve) => {
        let seen = -1;
        let still = 0;
        const watchdog = setInterval(() => {
          if (sink.count !== seen) {
            seen = sink.count;
            still = 0;
          } else if ((still += WATCH_MS) >= stallMs) {
            clearInterval(watchdog);
            resolve('stalled');
          }
        }, WATCH_MS);
        sink.onDone = () => {
          clearInterval(watchdog);
          resolve('done');
        };
      });
    },
  };
  return sink;
}

module.exports = { params, emit, main, makeSink };
