// Small raw Node-API helpers for the progress worker: they behave the same in
// both node-addon-api exception modes and never leave an exception pending
// unless they say so. JS thread only.
#ifndef TSCB_PROGRESS_JS_H_
#define TSCB_PROGRESS_JS_H_

#include <node_api.h>

#include <string>

#include "tscb/napi/pending_exception.h"

namespace tscb {
namespace detail {
namespace js {

inline napi_value Undefined(napi_env env) {
  napi_value value = nullptr;
  napi_get_undefined(env, &value);
  return value;
}

inline napi_valuetype TypeOf(napi_env env, napi_value value) {
  napi_valuetype type = napi_undefined;
  if (value == nullptr || napi_typeof(env, value, &type) != napi_ok) return napi_undefined;
  return type;
}

inline bool IsObject(napi_env env, napi_value value) {
  const napi_valuetype type = TypeOf(env, value);
  return type == napi_object || type == napi_function;
}

// object[name], or nullptr (nothing pending) when it cannot be read.
inline napi_value Get(napi_env env, napi_value object, const char* name) {
  napi_value value = nullptr;
  if (object == nullptr || napi_get_named_property(env, object, name, &value) != napi_ok) {
    TakePendingException(env);
    return nullptr;
  }
  return value;
}

inline bool Set(napi_env env, napi_value object, const char* name, napi_value value) {
  if (napi_set_named_property(env, object, name, value) == napi_ok) return true;
  TakePendingException(env);
  return false;
}

inline napi_value String(napi_env env, const std::string& text) {
  napi_value value = nullptr;
  napi_create_string_utf8(env, text.data(), text.size(), &value);
  return value;
}

// object[method](...argv); a thrown exception is left pending.
inline bool CallMethod(napi_env env, napi_value object, const char* method, size_t argc,
                       const napi_value* argv) {
  napi_value fn = nullptr;
  napi_value ignored = nullptr;
  return napi_get_named_property(env, object, method, &fn) == napi_ok &&
         TypeOf(env, fn) == napi_function &&
         napi_call_function(env, object, fn, argc, argv, &ignored) == napi_ok;
}

// Error(message), as `new Error(message)` makes it.
inline napi_value MakeError(napi_env env, const std::string& message) {
  napi_value error = nullptr;
  napi_create_error(env, nullptr, String(env, message), &error);
  return error;
}

// Node's own AbortError: name 'AbortError', code 'ABORT_ERR', message 'The
// operation was aborted', cause (not enumerable): the signal's reason. Set
// before the stack is first read, so the stack starts `AbortError: ...`.
inline napi_value MakeAbortError(napi_env env, napi_value reason) {
  napi_value error = MakeError(env, "The operation was aborted");
  if (error == nullptr) return nullptr;
  Set(env, error, "name", String(env, "AbortError"));
  Set(env, error, "code", String(env, "ABORT_ERR"));
  napi_property_descriptor cause = {
      "cause", nullptr, nullptr, nullptr, nullptr, reason != nullptr ? reason : Undefined(env),
      static_cast<napi_property_attributes>(napi_writable | napi_configurable), nullptr};
  if (napi_define_properties(env, error, 1, &cause) != napi_ok) TakePendingException(env);
  return error;
}

// Stores the executor's resolve and reject on the object in its data.
inline napi_value StoreResolvers(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2] = {nullptr, nullptr};
  void* data = nullptr;
  napi_get_cb_info(env, info, &argc, argv, nullptr, &data);
  auto holder = static_cast<napi_value>(data);
  Set(env, holder, "resolve", argv[0]);
  Set(env, holder, "reject", argv[1]);
  return nullptr;
}

// `new Promise(...)`, its resolve and reject stored on `holder`. The
// resolvers are ordinary JS functions: whoever holds `holder` keeps them,
// and nothing needs freeing if they are never called. nullptr on failure,
// with the exception left pending.
inline napi_value NewPromise(napi_env env, napi_value holder) {
  napi_value global = nullptr;
  napi_value promise_class = nullptr;
  napi_value executor = nullptr;
  napi_value promise = nullptr;
  if (napi_get_global(env, &global) != napi_ok ||
      napi_get_named_property(env, global, "Promise", &promise_class) != napi_ok ||
      napi_create_function(env, "executor", NAPI_AUTO_LENGTH, &StoreResolvers, holder,
                           &executor) != napi_ok ||
      napi_new_instance(env, promise_class, 1, &executor, &promise) != napi_ok) {
    return nullptr;
  }
  return promise;
}

}  // namespace js
}  // namespace detail
}  // namespace tscb

#endif  // TSCB_PROGRESS_JS_H_
