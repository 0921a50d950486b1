'use strict';
// Errors in Node's own style: a plain TypeError or RangeError with a stable
// `code`, a message that names the argument, and a stack whose first line
// reads `TypeError [ERR_INVALID_ARG_TYPE]: ...`, as Node's do.
const { inspect } = require('util');

// What call() can copy to another thread; the wording of copy errors.
const COPYABLE =
  'a copyable value (undefined, null, boolean, number, bigint, string, ArrayBuffer, ' +
  'TypedArray, Buffer, DataView, Array or plain Object)';

function makeError(Base, code, message, callSite, cause) {
  const error = cause === undefined ? new Base(message) : new Base(message, { cause });
  Error.captureStackTrace(error, callSite);
  // The stack's first line is written when it is first read: name it with the
  // code for that moment only, as Node does.
  error.name = `${Base.name} [${code}]`;
  // eslint-disable-next-line no-unused-expressions
  error.stack;
  delete error.name;
  error.code = code;
  return error;
}

// Node's wording for a received value: `type number (1)`, `an instance of Map`,
// `function foo`, `null`.
function describe(value) {
  if (value == null) return String(value);
  if (typeof value === 'function' && value.name) return `function ${value.name}`;
  if (typeof value === 'object') {
    let name;
    try {
      name = value.constructor && value.constructor.name;
    } catch {
      name = undefined;
    }
    if (name) return `an instance of ${name}`;
    return inspect(value, { depth: -1 });
  }
  let inspected = inspect(value, { colors: false });
  if (inspected.length > 28) inspected = `${inspected.slice(0, 25)}...`;
  return `type ${typeof value} (${inspected})`;
}

function kindOf(name) {
  return name.includes('.') ? 'property' : 'argument';
}

// `1_000_000_000_000` for large integers, as Node prints them.
function formatNumber(value) {
  if (typeof value !== 'number') return inspect(value);
  if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    const digits = String(Math.abs(value));
    let grouped = '';
    for (let end = digits.length; end > 0; end -= 3) {
      grouped = digits.slice(Math.max(0, end - 3), end) + (grouped ? `_${grouped}` : '');
    }
    return value < 0 ? `-${grouped}` : grouped;
  }
  return inspect(value);
}

/**
 * `The "name" argument must be <expected>. Received <value>`: a TypeError
 * with code ERR_INVALID_ARG_TYPE. `name` with a dot is called a property.
 */
function invalidArgType(name, expected, value, callSite = invalidArgType) {
  return makeError(
    TypeError,
    'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kindOf(name)} must be ${expected}. Received ${describe(value)}`,
    callSite,
  );
}

/**
 * `The property 'name' <reason>. Received <value>`: a TypeError with code
 * ERR_INVALID_ARG_VALUE, for a value of the right type that is not allowed.
 */
function invalidArgValue(name, value, reason = 'is invalid', callSite = invalidArgValue) {
  let inspected = inspect(value);
  if (inspected.length > 128) inspected = `${inspected.slice(0, 128)}...`;
  return makeError(
    TypeError,
    'ERR_INVALID_ARG_VALUE',
    `The ${kindOf(name)} '${name}' ${reason}. Received ${inspected}`,
    callSite,
  );
}

/**
 * `The value of "name" is out of range. It must be <range>. Received <value>`:
 * a RangeError with code ERR_OUT_OF_RANGE.
 */
function outOfRange(name, range, value, callSite = outOfRange) {
  return makeError(
    RangeError,
    'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${formatNumber(value)}`,
    callSite,
  );
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// [0, 'foo', 2, 'a b'] -> args[0].foo[2]["a b"]; the first segment is the
// argument's index. A path deeper than 24 steps keeps its first 12 and last
// 10 steps: args[0].v.v<980 more>.v.pad
function formatPath(segments) {
  const steps = segments.map((segment, i) => {
    if (i === 0) return `args[${segment}]`;
    if (typeof segment === 'number') return `[${segment}]`;
    if (IDENTIFIER.test(segment)) return `.${segment}`;
    return `[${JSON.stringify(segment)}]`;
  });
  if (steps.length > 24) {
    steps.splice(12, steps.length - 22, `<${steps.length - 22} more>`);
  }
  return steps.join('');
}

function messageOf(thrown) {
  try {
    if (thrown instanceof Error) return thrown.message;
    return String(thrown);
  } catch {
    return 'an exception';
  }
}

/**
 * The error call() throws for an argument it cannot copy, made by the binding
 * while it copies: a TypeError with code ERR_INVALID_ARG_TYPE naming the
 * value's path (`args[1].foo`). `reason` is why: 'type', 'proxy', 'cycle'
 * (`cycleTarget` segments name the container it refers to), 'getter' (`cause`
 * is what the getter threw) or 'depth'. Never throws.
 */
function copyError(segments, value, reason, cycleTarget, cause) {
  const path = formatPath(segments);
  const start = `The "${path}" ${segments.length > 1 ? 'property' : 'argument'} must be ${COPYABLE}`;
  let received;
  switch (reason) {
    case 'proxy':
      received = 'a Proxy';
      break;
    case 'cycle':
      received = `a circular reference to "${formatPath(segments.slice(0, cycleTarget))}"`;
      break;
    case 'getter':
      received = `an exception from its getter: ${messageOf(cause)}`;
      break;
    case 'depth':
      received = 'a value nested more than 1000 levels deep';
      break;
    default:
      try {
        received = describe(value);
      } catch {
        received = typeof value;
      }
  }
  return makeError(TypeError, 'ERR_INVALID_ARG_TYPE', `${start}. Received ${received}`, copyError,
    reason === 'getter' ? cause : undefined);
}

/**
 * Node's own AbortError: name 'AbortError', code 'ABORT_ERR', message 'The
 * operation was aborted', cause: `reason`. The binding makes it, as native
 * jobs make theirs (include/tscb/napi/js.h): the shape has one home. Loads the
 * binding on first use.
 */
function abortError(reason) {
  return require('./binding').abortError(reason);
}

module.exports = {
  COPYABLE,
  abortError,
  copyError,
  describe,
  formatPath,
  invalidArgType,
  invalidArgValue,
  outOfRange,
};
