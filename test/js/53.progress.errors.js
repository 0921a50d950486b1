'use strict';
// Progress workers: a work that fails rejects with an Error carrying its
// message, after its progress; bad arguments are TypeErrors that name them.
const assert = require('assert');
const { eachFlavour } = require('./support/addons');
const { job, Job } = require('../..');

eachFlavour('53. progress workers: errors', (addon) => {
  const { progress } = addon;

  it(`a work that ${addon.exceptions ? 'throws' : 'calls Fail()'} rejects with Error(message), after every value it reported`, async function () {
    const events = [];
    const running = job((controls) => progress.failAfter(4, 'the disk is full', controls), { mode: 'queue' });
    running.on('progress', (value) => events.push(value));
    await assert.rejects(running, (error) => {
      events.push('rejected');
      assert.ok(error instanceof Error);
      assert.strictEqual(error.name, 'Error');
      assert.strictEqual(error.message, 'the disk is full');
      return true;
    });
    assert.deepStrictEqual(events, [1, 2, 3, 4, 'rejected']);
    assert.strictEqual(running.state, 'rejected');
  });

  it('an async iterator throws the work\'s error', async function () {
    const running = job((controls) => progress.failAfter(2, 'nope', controls), { mode: 'queue' });
    const seen = [];
    await assert.rejects(async () => {
      for await (const value of running) seen.push(value);
    }, { message: 'nope' });
    assert.deepStrictEqual(seen, [1, 2]);
  });

  it('bad controls are TypeErrors thrown by the native function, before any work starts', function () {
    assert.throws(() => progress.countTo(1, 5), { name: 'TypeError', message: /controls must be an object/ });
    assert.throws(() => progress.countTo(1, { onProgress: 5 }),
      { name: 'TypeError', message: /controls\.onProgress must be a function/ });
    assert.throws(() => progress.countTo(1, { signal: {} }),
      { name: 'TypeError', message: /controls\.signal must be an AbortSignal/ });
    assert.throws(() => progress.countTo(1, { mode: 'fast' }),
      { name: 'TypeError', message: /controls\.mode must be 'queue' or 'latest'/ });
  });

  it('a throwing progress listener goes to uncaughtException; the job goes on', async function () {
    const errors = [];
    const mochaHandlers = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', (error) => errors.push(error.message));
    try {
      const running = job((controls) => progress.countTo(3, controls), { mode: 'queue' });
      const seen = [];
      running.on('progress', (value) => {
        seen.push(value);
        if (value === 2) throw new Error('listener failed');
      });
      assert.strictEqual(await running, 3);
      assert.deepStrictEqual(seen, [1, 2, 3]);
      assert.deepStrictEqual(errors, ['listener failed']);
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const handler of mochaHandlers) process.on('uncaughtException', handler);
    }
  });
});

describe('53. Job: argument checks', function () {
  it('names the bad argument, with Node\'s codes', function () {
    assert.throws(() => new Job(5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"start" argument/ });
    assert.throws(() => job(() => Promise.resolve(), null), { code: 'ERR_INVALID_ARG_TYPE', message: /"options" argument/ });
    assert.throws(() => job(() => Promise.resolve(), { mode: 1 }), { code: 'ERR_INVALID_ARG_TYPE', message: /"options\.mode" property/ });
    assert.throws(() => job(() => Promise.resolve(), { mode: 'fast' }),
      { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message: /options\.mode/ });
    assert.throws(() => job(() => Promise.resolve(), { signal: {} }),
      { code: 'ERR_INVALID_ARG_TYPE', message: /"options\.signal" property must be an instance of AbortSignal/ });
    assert.throws(() => job(() => 42), { code: 'ERR_INVALID_ARG_TYPE', message: /a function that returns a Promise/ });
    assert.throws(() => Job.worker(__filename, { mode: 'all' }), { code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('wraps any start function: progress from JS, seq optional', async function () {
    const running = job(({ onProgress }) => {
      onProgress('a');
      onProgress('b');
      return Promise.resolve('done');
    });
    const seen = [];
    running.on('progress', (value) => seen.push(value));
    assert.strictEqual(await running, 'done');
    assert.deepStrictEqual([running.delivered, running.reported, running.mode], [2, 2, 'queue']);
  });
});
