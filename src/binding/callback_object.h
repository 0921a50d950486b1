// The JS objects that hold a tscb::ThreadSafeCallback: one C++ class behind
// two JS classes, so that a method borrowed from one prototype and applied to
// the other's object still unwraps the right type.
//
//   ThreadSafeCallback        the owner: made by `new` in lib/, on the thread
//                             whose `fn` it calls
//   ThreadSafeCallbackHandle  a shared handle: made by fromShared(token), in
//                             any thread
//
// Each holds one counted reference to the callback until release() (handles),
// garbage collection, or the teardown of the environment it lives in (a hook
// of the library's env registry drops it there), whichever comes first.
//
// Raw Node-API entry points, not Napi::ObjectWrap: in a Worker whose
// termination has begun every Node-API call that may run JS fails, and
// node-addon-api's wrappers then throw a Napi::Error they cannot rethrow into
// JS, which aborts the process. Here such a failure just returns.
#ifndef TSCB_BINDING_CALLBACK_OBJECT_H_
#define TSCB_BINDING_CALLBACK_OBJECT_H_

#include <node_api.h>

#include <cstdint>
#include <string>

#include "threadsafe_callback.h"

namespace tscb {
namespace binding {

class AddonData;

class CallbackObject {
 public:
  // Defines both classes in `env` and exports the owner class as
  // `ThreadSafeCallback`. False with an exception pending on failure.
  // JS thread only.
  static bool Define(napi_env env, AddonData& data, napi_value exports);

  // redeem(token): a new handle object in the calling thread, holding a
  // reference when the token's callback still exists. The token was checked
  // by lib/; a malformed one is a TypeError. JS thread only.
  static napi_value Redeem(napi_env env, napi_callback_info info);

  CallbackObject(const CallbackObject&) = delete;
  CallbackObject& operator=(const CallbackObject&) = delete;
  ~CallbackObject();

 private:
  enum class Kind { kOwner, kHandle };

  CallbackObject(napi_env env, AddonData* data, Kind kind) noexcept
      : env_(env), data_(data), kind_(kind) {}

  // new ThreadSafeCallback(fn, thisArg, maxQueueSize, keepAlive, drainLimit,
  // onError, onFinished), with arguments already checked and normalized by lib/
  // (keepAlive: 0 always, 1 while pending, 2 never; undefined for defaults).
  // The handle class is constructed only by Redeem().
  static napi_value Construct(napi_env env, napi_callback_info info);
  bool ConstructOwner(const napi_value* argv);

  // Methods and accessors. Both classes.
  static napi_value Call(napi_env env, napi_callback_info info);
  static napi_value Closed(napi_env env, napi_callback_info info);
  static napi_value Pending(napi_env env, napi_callback_info info);
  static napi_value Share(napi_env env, napi_callback_info info);
  // The owner only.
  static napi_value Close(napi_env env, napi_callback_info info);
  static napi_value GetStats(napi_env env, napi_callback_info info);
  static napi_value Ref(napi_env env, napi_callback_info info);
  static napi_value Unref(napi_env env, napi_callback_info info);
  // Handles only.
  static napi_value Release(napi_env env, napi_callback_info info);

  // The object `self` wraps, when it is one of ours (and of `kind` when that
  // is given); otherwise null, with a TypeError thrown unless the environment
  // can no longer run JS.
  static CallbackObject* Unwrap(napi_env env, napi_value self, const Kind* kind);
  static CallbackObject* This(napi_env env, napi_callback_info info, napi_value* self = nullptr,
                              const Kind* kind = nullptr);

  // Takes `callback` as this object's reference, dropped at the latest when
  // this environment tears down.
  void Hold(tscb::ThreadSafeCallback callback);
  void HookTeardown();
  void Drop();
  static void Finalize(napi_env env, void* self, void* hint);

  const napi_env env_;
  AddonData* const data_;
  const Kind kind_;
  tscb::ThreadSafeCallback callback_;
  std::string token_;  // empty until shared (owner) or redeemed (handle)
  uint64_t teardown_hook_ = 0;  // the registry hook that drops callback_; 0: none
  bool released_ = false;
};

}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_CALLBACK_OBJECT_H_
