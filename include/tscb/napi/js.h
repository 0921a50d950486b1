// The library's raw Node-API helpers, each written once. They behave the
// same in both node-addon-api exception modes (no C++ exception is thrown)
// and never leave a JS exception pending unless they say so. JS thread only.
#ifndef TSCB_NAPI_JS_H_
#define TSCB_NAPI_JS_H_

#include <node_api.h>

#include <cstddef>
#include <string>

namespace tscb {
namespace detail {
namespace js {

// The pending exception, cleared; nullptr when none is pending.
inline napi_value TakePendingException(napi_env env) {
  bool pending = false;
  napi_value thrown = nullptr;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) return nullptr;
  if (napi_get_and_clear_last_exception(env, &thrown) != napi_ok) return nullptr;
  return thrown;
}

// False once the environment is terminating or tearing down: every call that
// may run JS then fails with napi_pending_exception.
inline bool CanRunJs(napi_env env) {
  napi_value undefined = nullptr;
  napi_value ignored = nullptr;
  napi_get_undefined(env, &undefined);
  return napi_coerce_to_bool(env, undefined, &ignored) == napi_ok;
}

inline napi_value Undefined(napi_env env) {
  napi_value value = nullptr;
  napi_get_undefined(env, &value);
  return value;
}

inline napi_value Boolean(napi_env env, bool flag) {
  napi_value value = nullptr;
  napi_get_boolean(env, flag, &value);
  return value;
}

inline napi_value Number(napi_env env, double number) {
  napi_value value = nullptr;
  napi_create_double(env, number, &value);
  return value;
}

inline napi_value String(napi_env env, const std::string& text) {
  napi_value value = nullptr;
  napi_create_string_utf8(env, text.data(), text.size(), &value);
  return value;
}

// napi_undefined for nullptr, or when the type cannot be read.
inline napi_valuetype TypeOf(napi_env env, napi_value value) {
  napi_valuetype type = napi_undefined;
  if (value == nullptr || napi_typeof(env, value, &type) != napi_ok) return napi_undefined;
  return type;
}

inline bool IsFunction(napi_env env, napi_value value) {
  return TypeOf(env, value) == napi_function;
}

// An object or a function.
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

// object[name] = value; false (nothing pending) when it cannot be written.
inline bool Set(napi_env env, napi_value object, const char* name, napi_value value) {
  if (napi_set_named_property(env, object, name, value) == napi_ok) return true;
  TakePendingException(env);
  return false;
}

// object[method](...argv); a thrown exception is left pending.
inline bool CallMethod(napi_env env, napi_value object, const char* method, std::size_t argc,
                       const napi_value* argv) {
  napi_value fn = nullptr;
  napi_value ignored = nullptr;
  return napi_get_named_property(env, object, method, &fn) == napi_ok && IsFunction(env, fn) &&
         napi_call_function(env, object, fn, argc, argv, &ignored) == napi_ok;
}

// Error(message), as `new Error(message)` makes it; nullptr on failure.
inline napi_value MakeError(napi_env env, const std::string& message) {
  napi_value error = nullptr;
  napi_create_error(env, nullptr, String(env, message), &error);
  return error;
}

// Node's own AbortError, the one definition of its shape in the package:
// name 'AbortError', code 'ABORT_ERR', message 'The operation was aborted',
// cause (not enumerable): `reason`. Set before the stack is first read, so
// the stack starts `AbortError: ...`.
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

// String(value) into *out; false (maybe with an exception pending) on failure.
inline bool StringOf(napi_env env, napi_value value, std::string* out) {
  napi_value text = nullptr;
  std::size_t length = 0;
  if (napi_coerce_to_string(env, value, &text) != napi_ok ||
      napi_get_value_string_utf8(env, text, nullptr, 0, &length) != napi_ok) {
    return false;
  }
  out->resize(length);
  return napi_get_value_string_utf8(env, text, &(*out)[0], length + 1, &length) == napi_ok;
}

// The message of a thrown value: an Error's message, String(value) for
// anything else.
inline std::string MessageOf(napi_env env, napi_value thrown) {
  std::string message;
  bool is_error = false;
  napi_value text = thrown;
  if (napi_is_error(env, thrown, &is_error) == napi_ok && is_error) {
    napi_get_named_property(env, thrown, "message", &text);
  }
  if (text == nullptr || !StringOf(env, text, &message)) {
    TakePendingException(env);
    message = "a JavaScript exception that cannot be converted to a string";
  }
  return message;
}

// The executor of NewPromise: stores resolve and reject on the object in its
// data.
inline napi_value StoreResolvers(napi_env env, napi_callback_info info) {
  std::size_t argc = 2;
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

// globalThis.process, or nullptr.
inline napi_value Process(napi_env env) {
  napi_value global = nullptr;
  napi_value process = nullptr;
  if (napi_get_global(env, &global) == napi_ok &&
      napi_get_named_property(env, global, "process", &process) == napi_ok &&
      TypeOf(env, process) == napi_object) {
    return process;
  }
  TakePendingException(env);
  return nullptr;
}

// process[name], or nullptr.
inline napi_value ProcessMember(napi_env env, const char* name) {
  napi_value process = Process(env);
  return process != nullptr ? Get(env, process, name) : nullptr;
}

// process.on(event, f), where f is a native function that calls `callback`
// with `data`. Returns f, or nullptr when the environment cannot take a
// listener.
inline napi_value ListenToProcess(napi_env env, const char* event, napi_callback callback,
                                  void* data) {
  napi_value process = Process(env);
  napi_value argv[2] = {String(env, event), nullptr};
  const bool ok =
      process != nullptr &&
      napi_create_function(env, "threadsafeCallbackListener", NAPI_AUTO_LENGTH, callback, data,
                           &argv[1]) == napi_ok &&
      CallMethod(env, process, "on", 2, argv);
  if (ok) return argv[1];
  TakePendingException(env);
  return nullptr;
}

}  // namespace js
}  // namespace detail
}  // namespace tscb

#endif  // TSCB_NAPI_JS_H_
