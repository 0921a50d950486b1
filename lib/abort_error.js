'use strict';
// The error a job rejects with when its AbortSignal aborts.

/**
 * Node's own AbortError: name 'AbortError', code 'ABORT_ERR', message 'The
 * operation was aborted', cause: the signal's reason.
 */
class AbortError extends Error {
  constructor(reason) {
    super('The operation was aborted', { cause: reason });
    this.name = 'AbortError';
    this.code = 'ABORT_ERR';
  }
}

module.exports = { AbortError };
