// tscb::JsError: a JS exception carried across threads by CallWithResult.
#ifndef TSCB_NAPI_JS_ERROR_H_
#define TSCB_NAPI_JS_ERROR_H_

#include <stdexcept>

namespace tscb {

// A JS exception, as a C++ exception: what() is the Error's message, or
// String(value) for a thrown value that is not an Error. Holds only a
// std::string, so it is safe to destroy on any thread.
class JsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tscb

#endif  // TSCB_NAPI_JS_ERROR_H_
