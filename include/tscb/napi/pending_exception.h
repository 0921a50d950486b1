// The one way the library takes a pending JS exception.
#ifndef TSCB_NAPI_PENDING_EXCEPTION_H_
#define TSCB_NAPI_PENDING_EXCEPTION_H_

#include <node_api.h>

namespace tscb {
namespace detail {

// JS thread: the pending exception, cleared; nullptr when none is pending.
inline napi_value TakePendingException(napi_env env) {
  bool pending = false;
  napi_value thrown = nullptr;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) return nullptr;
  if (napi_get_and_clear_last_exception(env, &thrown) != napi_ok) return nullptr;
  return thrown;
}

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_NAPI_PENDING_EXCEPTION_H_
