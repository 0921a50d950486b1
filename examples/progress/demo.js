'use strict';
// npm run demo: four native jobs (the Mandelbrot set, rows shared by two
// native threads each) and two Worker jobs (plain JavaScript) at once, with
// a live progress bar each; one job is cancelled half-way with an
// AbortSignal. Plain lines instead of bars when stdout is not a terminal.
// The last line sums up: progress values reported, delivered, coalesced.
const path = require('path');
const { job, Job } = require('threadsafe-callback');
const { ensureBuilt } = require('./build');

// Built first when missing, or older than its source or the library's headers.
const addon = require(ensureBuilt());

const region = (x0, y0, x1, y1, width, height, maxIterations) =>
  ({ x0, y0, x1, y1, width, height, maxIterations, threads: 2 });

const specs = [
  { name: 'mandelbrot: the whole set', native: region(-2.2, -1.2, 0.8, 1.2, 1600, 1280, 1200) },
  { name: 'mandelbrot: seahorse valley', native: region(-0.8, 0.05, -0.7, 0.15, 800, 800, 1000), cancelHalfWay: true },
  { name: 'mandelbrot: elephant valley', native: region(0.25, -0.05, 0.35, 0.05, 1000, 1000, 1000) },
  { name: 'mandelbrot: a mini-brot', native: region(-1.7733, -0.0052, -1.7633, 0.0048, 700, 700, 1500) },
  { name: 'primes below 10M (Worker)', worker: { task: 'primes', limit: 1e7 } },
  { name: 'pi from 100M points (Worker)', worker: { task: 'pi', samples: 1e8 } },
];

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const width = Math.max(...specs.map((spec) => spec.name.length));

function describeResult(result) {
  if ('area' in result) return `area ${result.area.toFixed(5)}`;
  if ('primes' in result) return `${result.primes} primes`;
  return `pi = ${result.pi.toFixed(5)}`;
}

// Bars on a terminal, plain lines elsewhere.
function makeDisplay() {
  if (process.stdout.isTTY) {
    const cliProgress = require('cli-progress');
    const multibar = new cliProgress.MultiBar({
      stream: process.stdout,
      format: ' {name} |{bar}| {percentage}% | {status}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 15,
    }, cliProgress.Presets.shades_classic);
    return {
      add(name, total) {
        const bar = multibar.create(total, 0, { name: name.padEnd(width), status: 'running' });
        return {
          progress(value, status) { bar.update(value, { status }); },
          end(value, status) { bar.update(value, { status }); },
        };
      },
      stop() { multibar.stop(); },
    };
  }
  return {
    add(name, total) {
      let shown = 0;
      return {
        progress(value) {
          const quarter = Math.floor((4 * value) / total);
          if (quarter > shown && quarter < 4) {
            shown = quarter;
            console.log(`[${elapsed().padStart(6)}] ${name.padEnd(width)}  ${quarter * 25}%`);
          }
        },
        end(value, status) {
          console.log(`[${elapsed().padStart(6)}] ${name.padEnd(width)}  ${status}`);
        },
      };
    },
    stop() {},
  };
}

async function main() {
  const display = makeDisplay();
  const runs = specs.map((spec) => {
    const total = spec.native ? spec.native.width * spec.native.height
      : (spec.worker.limit || spec.worker.samples);
    const controller = spec.cancelHalfWay ? new AbortController() : undefined;
    const signal = controller && controller.signal;
    const running = spec.native
      ? job((controls) => addon.mandelbrot(spec.native, controls), { mode: 'latest', signal })
      : Job.worker(path.join(__dirname, 'worker.js'), { workerData: spec.worker, mode: 'latest' });
    const view = display.add(spec.name, total);
    let last = 0;
    running.on('progress', (value) => {
      last = value;
      view.progress(value, `${running.delivered} updates`);
      if (controller && !signal.aborted && value >= total / 2) controller.abort();
    });
    return running.then(
      (result) => {
        view.end(total, `done: ${describeResult(result)}`);
        return { running, outcome: 'done' };
      },
      (error) => {
        if (error.name !== 'AbortError') throw error;
        view.end(last, `cancelled at ${Math.floor((100 * last) / total)}%`);
        return { running, outcome: 'cancelled' };
      },
    );
  });
  const results = await Promise.all(runs);
  display.stop();
  const count = (key) => results.reduce((sum, { running }) => sum + running[key], 0);
  const done = results.filter((result) => result.outcome === 'done').length;
  console.log(`summary: ${results.length} jobs (${done} done, ${results.length - done} cancelled) in ${elapsed()}; ` +
    `progress values: ${count('reported')} reported, ${count('delivered')} delivered, ` +
    `${count('coalesced')} coalesced`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
