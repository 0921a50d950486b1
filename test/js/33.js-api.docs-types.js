'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { fixture, runNode } = require('./support/children');
const { ROOT, load } = require('./support/helpers');

const dts = fs.readFileSync(path.join(ROOT, 'lib', 'index.d.ts'), 'utf8');
const apiDoc = fs.readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');

// The declaration of `name` in index.d.ts, and whether a /** */ comment ends
// right above it.
function declaration(pattern) {
  const lines = dts.split('\n');
  const index = lines.findIndex((line) => pattern.test(line));
  if (index < 0) return { found: false };
  let above = index - 1;
  while (above >= 0 && lines[above].trim() === '') above--;
  return { found: true, documented: above >= 0 && lines[above].trim().endsWith('*/') };
}

const members = [
  ['constructor', /^\s+constructor\(fn:/],
  ['call (owner)', /^\s+call\(\.\.\.args: Args\): boolean;/],
  ['close', /^\s+close\(\): void;/],
  ['closed', /^\s+readonly closed: boolean;/],
  ['pending', /^\s+readonly pending: number;/],
  ['stats', /^\s+stats\(\): ThreadSafeCallbackStats;/],
  ['ref', /^\s+ref\(\): this;/],
  ['unref', /^\s+unref\(\): this;/],
  ['share', /^\s+share\(\): ThreadSafeCallbackToken;/],
  ['fromShared', /^\s+static fromShared</],
  ['release', /^\s+release\(\): void;/],
  ['include_dir', /^export declare const include_dir: string;/],
  ['gyp', /^export declare const gyp: string;/],
  ['options.thisArg', /^\s+thisArg\?: This;/],
  ['options.maxQueueSize', /^\s+maxQueueSize\?: number;/],
  ['options.keepAlive', /^\s+keepAlive\?: KeepAlive;/],
  ['options.drainLimit', /^\s+drainLimit\?: number;/],
  ['options.onError', /^\s+onError\?: \(error: unknown\) => void;/],
  ['options.onFinished', /^\s+onFinished\?: \(event: ThreadSafeCallbackFinish\) => void;/],
  ['interface ThreadSafeCallbackFinish', /^export interface ThreadSafeCallbackFinish \{/],
  ['class ThreadSafeCallback', /^export declare class ThreadSafeCallback</],
  ['interface ThreadSafeCallbackHandle', /^export interface ThreadSafeCallbackHandle</],
  ['type Copyable', /^export type Copyable =/],
];

describe('33. typings and docs cover every member', function () {

  for (const [name, pattern] of members) {
    it(`index.d.ts declares ${name}, with a doc comment`, function () {
      const found = declaration(pattern);
      assert.ok(found.found, `no declaration of ${name}`);
      assert.ok(found.documented, `${name} has no doc comment`);
    });
  }

  it('every stats() key is declared in ThreadSafeCallbackStats', function () {
    const { ThreadSafeCallback } = load();
    const cb = new ThreadSafeCallback(() => {});
    for (const key of Object.keys(cb.stats())) assert.match(dts, new RegExp(`^\\s+${key}: number;`, 'm'), key);
    cb.close();
  });

  it('every method and accessor of both classes is declared in index.d.ts', function () {
    const { ThreadSafeCallback } = load();
    const cb = new ThreadSafeCallback(() => {});
    const handle = ThreadSafeCallback.fromShared(cb.share());
    for (const object of [cb, handle]) {
      for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(object))) {
        if (key === 'constructor') continue;
        assert.match(dts, new RegExp(`^\\s+(readonly )?${key}[(:]`, 'm'), key);
      }
    }
    handle.release();
    cb.close();
  });

  for (const heading of ['new ThreadSafeCallback(*fn*, [*options*])', 'ThreadSafeCallback.fromShared(*token*)',
    '.call(*...args*)', '.close()', '.closed', '.pending', '.stats()', '.ref() -> *this* and .unref()',
    '.share()', 'class *ThreadSafeCallbackHandle*', '`include_dir` and `gyp`']) {
    it(`docs/api.md has a section for ${heading}`, function () {
      assert.ok(apiDoc.includes(`# ${heading}`) || apiDoc.includes(`### ${heading}`), heading);
    });
  }

  it('docs/api.md documents release()', function () {
    assert.match(apiDoc, /`\.release\(\)`/);
  });

  it('the README quick start runs as written', async function () {
    const result = await runNode(fixture('readme-quick-start.js'));
    assert.strictEqual(result.code, 0, result.stderr);
    assert.deepStrictEqual(result.lines, ['hello #1', 'hello #2', 'hello #3']);
  });

  it('the README Worker progress example runs as written', async function () {
    const result = await runNode(fixture('readme-worker-progress.js'));
    assert.strictEqual(result.code, 0, result.stderr);
    assert.deepStrictEqual(result.lines, [1, 2, 3, 4, 5].map((done) => `progress: ${done}/5`));
  });
});
