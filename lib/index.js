'use strict';
// The package's face. `include_dir` and `gyp` never load the compiled
// binding; `ThreadSafeCallback` loads it the first time it is read.
const { include_dir, gyp } = require('./include');

let loaded;
const lazy = {
  get ThreadSafeCallback() {
    if (loaded === undefined) loaded = require('./callback');
    return loaded.ThreadSafeCallback;
  },
};

// A getter of this form is also seen by ES module imports (named export).
Object.defineProperty(exports, 'ThreadSafeCallback', {
  enumerable: true,
  get: function () {
    return lazy.ThreadSafeCallback;
  },
});
// Jobs with progress (docs/progress.md): loading them never loads the binding.
const { Job, job } = require('./job');
const { runJob } = require('./worker_job/run_job');

exports.Job = Job;
exports.job = job;
exports.runJob = runJob;
exports.include_dir = include_dir;
exports.gyp = gyp;
