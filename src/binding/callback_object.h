// The JS objects that hold a tscb::ThreadSafeCallback: one C++ class behind
// two JS classes, so that a method borrowed from one prototype and applied to
// the other's object unwraps the right type.
//
//   ThreadSafeCallback        the owner: made by `new` in lib/index.js, on the
//                             thread whose `fn` it calls
//   ThreadSafeCallbackHandle  a shared handle: made by fromShared(token), in
//                             any thread
//
// Each holds one counted reference to the callback until release() (handles),
// garbage collection, or the teardown of the environment it lives in (an env
// cleanup hook drops it there), whichever comes first.
#ifndef TSCB_BINDING_CALLBACK_OBJECT_H_
#define TSCB_BINDING_CALLBACK_OBJECT_H_

#include <napi.h>
#include <threadsafe_callback.h>

#include <cstdint>
#include <string>

namespace tscb {
namespace binding {

class AddonData;

class CallbackObject : public Napi::ObjectWrap<CallbackObject> {
 public:
  // Defines both classes in `env` and exports the owner class as
  // `ThreadSafeCallback`. JS thread only.
  static void Define(Napi::Env env, AddonData& data, Napi::Object exports);

  // redeem(token): a new handle object in the calling thread. The token was
  // checked by lib/; a malformed one is a TypeError. JS thread only.
  static Napi::Value Redeem(const Napi::CallbackInfo& info);

  // new ThreadSafeCallback(fn, thisArg, maxQueueSize, keepAlive, drainLimit,
  // onError), with arguments already checked and normalized by lib/index.js
  // (keepAlive: 0 always, 1 while pending, 2 never; undefined for defaults).
  // The handle class is constructed only by Redeem(). JS thread only.
  explicit CallbackObject(const Napi::CallbackInfo& info);
  ~CallbackObject() override;

 private:
  enum class Kind { kOwner, kHandle };

  // Both classes.
  Napi::Value Call(const Napi::CallbackInfo& info);
  Napi::Value Closed(const Napi::CallbackInfo& info);
  Napi::Value Pending(const Napi::CallbackInfo& info);
  Napi::Value Share(const Napi::CallbackInfo& info);
  // The owner only.
  void Close(const Napi::CallbackInfo& info);
  Napi::Value GetStats(const Napi::CallbackInfo& info);
  Napi::Value Ref(const Napi::CallbackInfo& info);
  Napi::Value Unref(const Napi::CallbackInfo& info);
  // Handles only.
  void Release(const Napi::CallbackInfo& info);

  void ConstructOwner(const Napi::CallbackInfo& info);
  bool RequireKind(Kind kind, const char* method);
  // Takes `callback` as this object's reference, dropped at the latest when
  // this environment tears down.
  void Hold(tscb::ThreadSafeCallback callback);
  void Drop();
  static void OnTeardown(void* self);

  const napi_env env_;
  AddonData* const data_;
  const Kind kind_;
  tscb::ThreadSafeCallback callback_;
  std::string token_;  // empty until shared (owner) or redeemed (handle)
  bool hooked_ = false;
  bool released_ = false;
};

}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_CALLBACK_OBJECT_H_
