'use strict';
const assert = require('assert');
const { Worker } = require('worker_threads');
const { flavours } = require('./support/addons');
const { fixture } = require('./support/children');

const workerFile = fixture('core-worker.js');

describe('guarantee 6: context aware', function () {
  flavours.forEach((flavour, index) => {
    it(`6. the addon loaded in 8 Workers at once, each with its own callbacks (${flavour.name})`, async function () {
      const calls = 20000;
      const results = await Promise.all(Array.from({ length: 8 }, () => new Promise((resolve, reject) => {
        const worker = new Worker(workerFile, { workerData: { flavour: index, mode: 'count', calls } });
        let result;
        worker.once('message', (message) => { result = message; });
        worker.once('error', reject);
        worker.once('exit', (code) => (code === 0 ? resolve(result) : reject(new Error(`exit ${code}`))));
      })));
      for (const result of results) {
        assert.deepStrictEqual(result, { total: 4 * calls, outOfOrder: 0, ok: 4 * calls, accepted: 4 * calls, run: 4 * calls });
      }
    });
  });
});
