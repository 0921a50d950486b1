'use strict';
// Argument checks shared by the package's classes and functions. Each throws
// the Node-style error of ./errors naming the argument; `callSite` is the
// public function the stack trace starts at.
const { invalidArgType } = require('./errors');

/**
 * The options object as given, or `{}` when it is undefined. Anything but an
 * object (null, an array, a primitive) is ERR_INVALID_ARG_TYPE.
 */
function validateOptions(options, callSite) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalidArgType('options', 'of type object', options, callSite);
  }
  return options;
}

/** Throws ERR_INVALID_ARG_TYPE unless `value` is a function. */
function validateFunction(value, name, callSite) {
  if (typeof value !== 'function') {
    throw invalidArgType(name, 'of type function', value, callSite);
  }
}

module.exports = { validateFunction, validateOptions };
