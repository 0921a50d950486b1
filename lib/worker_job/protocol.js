'use strict';
// What the two sides of a Worker job agree on: where the job's plumbing sits
// in workerData, the slots of the buffer they share, and how an error crosses
// from the Worker (serializeError) to the main thread (reviveError).
//
// The messages themselves go through the job's ThreadSafeCallback, called in
// the Worker as (kind, value, seq, aborted):
//   ('progress', value, seq)           one progress value, the seq-th reported
//   ('result', value, seq, aborted)    the work returned; sent last
//   ('error', sent, seq, aborted)      the work threw `sent` (serializeError); sent last
// `aborted` says the main thread's signal had aborted when the work ended.

// The key under which Job.worker() passes a job's plumbing in workerData:
// { token, mode, flags, port }.
const JOB_KEY = 'threadsafe-callback:job';

// Int32 slots of the SharedArrayBuffer `flags`.
const ABORTED = 0;    // 1 once the main thread's signal aborted
const IN_FLIGHT = 1;  // latest mode: progress calls sent but not yet delivered
const FLAG_SLOTS = 2;

// Worker side: what the work threw, as plain data that call() can copy.
function serializeError(thrown) {
  if (thrown instanceof Error) {
    const sent = { name: String(thrown.name), message: String(thrown.message) };
    if (typeof thrown.stack === 'string') sent.stack = thrown.stack;
    if (typeof thrown.code === 'string' || typeof thrown.code === 'number') sent.code = thrown.code;
    return sent;
  }
  let message;
  try {
    message = String(thrown);
  } catch {
    message = 'a thrown value that cannot be converted to a string';
  }
  return { name: 'Error', message };
}

// Main thread side: an Error rebuilt from what serializeError() sent: same
// name, message, code; the Worker's stack.
function reviveError(sent) {
  const Base = typeof globalThis[sent.name] === 'function' &&
    globalThis[sent.name].prototype instanceof Error ? globalThis[sent.name] : Error;
  const error = new Base(sent.message);
  if (Base === Error && sent.name !== 'Error') error.name = sent.name;
  if (sent.code !== undefined) error.code = sent.code;
  if (typeof sent.stack === 'string') error.stack = sent.stack;
  return error;
}

module.exports = { ABORTED, FLAG_SLOTS, IN_FLIGHT, JOB_KEY, reviveError, serializeError };
