// tscb::JsError: a JS exception carried across threads by CallWithResult.
#ifndef TSCB_NAPI_JS_ERROR_H_
#define TSCB_NAPI_JS_ERROR_H_

#include <node_api.h>

#include <stdexcept>
#include <string>

#include "tscb/napi/pending_exception.h"

namespace tscb {

// A JS exception, as a C++ exception: what() is the Error's message, or
// String(value) for a thrown value that is not an Error. Holds only a
// std::string, so it is safe to destroy on any thread.
class JsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

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

// JS thread: the message of a thrown value; never leaves an exception pending.
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

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_NAPI_JS_ERROR_H_
