'use strict';
const assert = require('assert');
const { Worker } = require('worker_threads');
const { flavours } = require('./support/addons');
const { fixture, runNode } = require('./support/children');

const workerFile = fixture('core-worker.js');

function floodWorker(flavour, extra = {}) {
  const worker = new Worker(workerFile, { workerData: { flavour, mode: 'flood', ...extra } });
  const calling = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  return { worker, calling, exited };
}

describe('guarantee 5: environment teardown', function () {
  flavours.forEach((flavour, index) => {
    describe(flavour.name, function () {
      it('5. worker.terminate() while 4 producer threads call, 100 cycles: no crash, no hang', async function () {
        for (let cycle = 0; cycle < 100; cycle++) {
          this.timeout(60000);  // a guard per cycle: the total is the machine's speed
          const { worker, calling, exited } = floodWorker(index);
          await calling;
          const code = await worker.terminate();
          assert.strictEqual(code, 1, `cycle ${cycle}: terminate() reports exit code 1`);
          await exited;
        }
      });

      it('5. a Worker that ends by itself while producers call: they get kClosed and are joined', async function () {
        for (let cycle = 0; cycle < 20; cycle++) {
          this.timeout(60000);  // a guard per cycle
          const { calling, exited } = floodWorker(index, { endAfterMs: 5 });
          await calling;
          assert.strictEqual(await exited, 0);
        }
      });

      it('5. process.exit() from a closure with closures pending, in a child: exit code kept, nothing on stderr', async function () {
        for (const code of [0, 3]) {
          const result = await runNode(fixture('core-exit.js'), [index, code]);
          assert.strictEqual(result.signal, null, result.stderr);
          assert.strictEqual(result.code, code, result.stderr);
          assert.strictEqual(result.stderr, '');
        }
      });
    });
  });
});
