// tscb::WeakCallback: Lock() gives a handle while the callback lives, an
// empty one once its last reference is gone.
//
// weakLifecycle(fn, done): a callback on `fn`, a weak reference to it, then
//   1. Lock() while the callback lives: a handle to it; a call through it
//      reaches fn('locked');
//   2. every reference dropped: the graceful release runs what was accepted;
//   3. on_finished: Lock() after the callback is gone gives an empty handle.
// done(report) gets what each step saw.
#include "harness.h"

namespace {

Napi::Value WeakLifecycle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto report = std::make_shared<Napi::ObjectReference>(
      Napi::Persistent(Napi::Object::New(env)));
  auto done = std::make_shared<Napi::FunctionReference>(
      Napi::Persistent(info[1].As<Napi::Function>()));
  auto weak = std::make_shared<tscb::WeakCallback>();

  tscb::Options options;
  options.on_finished = [report, done, weak](Napi::Env, const tscb::Stats& stats,
                                             tscb::FinishReason reason) {
    tscb::ThreadSafeCallback after = weak->Lock();
    Napi::Object result = report->Value();
    result.Set("finishedReason", reason == tscb::FinishReason::kReleased ? "released" : "other");
    result.Set("finishedRun", static_cast<double>(stats.run));
    result.Set("expiredAfter", weak->Expired());
    result.Set("lockedAfterIsClosed", after.IsClosed());
    result.Set("lockedAfterCall",
               after.Call([](Napi::Env, Napi::Value, Napi::Function) {}) == tscb::Status::kOk);
    result.Set("lockedAfterAccepted", static_cast<double>(after.Stats().accepted));
    done->Call({result});
  };
  tscb::ThreadSafeCallback callback =
      tscb::ThreadSafeCallback::New(info[0].As<Napi::Function>(), Napi::Value(), options);
  *weak = tscb::WeakCallback(callback);

  Napi::Object result = report->Value();
  result.Set("expiredWhileAlive", weak->Expired());
  {
    tscb::ThreadSafeCallback locked = weak->Lock();
    result.Set("lockedIsClosed", locked.IsClosed());
    result.Set("lockedCall", locked.Invoke(std::string("locked")) == tscb::Status::kOk);
    result.Set("lockedAccepted", static_cast<double>(locked.Stats().accepted));
  }
  tscb::WeakCallback copy = *weak;  // copies refer to the same callback
  result.Set("copyAccepted", static_cast<double>(copy.Lock().Stats().accepted));
  result.Set("emptyExpired", tscb::WeakCallback().Expired());
  result.Set("emptyLockIsClosed", tscb::WeakCallback().Lock().IsClosed());
  return env.Undefined();  // `callback`, the last reference, goes here: a graceful release
}

}  // namespace

void InitWeak(Napi::Env env, Napi::Object exports) {
  exports.Set("weakLifecycle", Napi::Function::New(env, WeakLifecycle));
}
