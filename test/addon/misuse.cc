// Misuse of the C++ API that the library detects: an empty or moved-from
// handle, New and exit hooks off the JS thread, Ref/Unref off the JS thread,
// and New with a non-function, a bad receiver or a bad on_error.
#include <string>

#include "harness.h"

namespace {

// A closure that counts its destructions into a plain counter.
struct Counted {
  explicit Counted(std::atomic<int>* destroyed) : destroyed_(destroyed) {}
  Counted(Counted&& other) noexcept : destroyed_(std::exchange(other.destroyed_, nullptr)) {}
  Counted(const Counted&) = delete;
  ~Counted() {
    if (destroyed_ != nullptr) destroyed_->fetch_add(1);
  }
  void operator()(Napi::Env, Napi::Value, Napi::Function) {}
  std::atomic<int>* destroyed_;
};

// Every member of an empty handle, on the calling thread: what each returned.
struct EmptyReport {
  std::string call, blocking_call, invoke, call_with_result;
  bool closed = false;
  std::size_t pending = 1;
  uint64_t stats_sum = 1;
  int destroyed = 0;
};

EmptyReport Exercise(const tscb::ThreadSafeCallback& handle) {
  EmptyReport report;
  std::atomic<int> destroyed{0};
  report.call = StatusName(handle.Call(Counted(&destroyed)));
  report.blocking_call = StatusName(handle.BlockingCall(Counted(&destroyed)));
  report.invoke = StatusName(handle.Invoke(1, std::string("two"), nullptr));
#if TSCB_HAS_EXCEPTIONS
  std::future<int> future = handle.CallWithResult([](Napi::Env, Napi::Value, Napi::Function) { return 1; });
  try {
    future.get();
    report.call_with_result = "value";
  } catch (const std::future_error& error) {
    report.call_with_result = error.code() == std::future_errc::broken_promise ? "brokenPromise" : "futureError";
  } catch (...) {
    report.call_with_result = "other";
  }
#else
  report.call_with_result = "unavailable";
#endif
  handle.Close();
  handle.Ref();
  handle.Unref();
  handle.Close();
  report.closed = handle.IsClosed();
  report.pending = handle.Pending();
  const tscb::Stats stats = handle.Stats();
  report.stats_sum = stats.accepted + stats.run + stats.dropped + stats.rejected_full +
                     stats.rejected_closed + stats.wakeups + stats.max_batch;
  report.destroyed = destroyed.load();
  return report;
}

Napi::Object ToObject(Napi::Env env, const EmptyReport& report) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("call", report.call);
  result.Set("blockingCall", report.blocking_call);
  result.Set("invoke", report.invoke);
  result.Set("callWithResult", report.call_with_result);
  result.Set("closed", report.closed);
  result.Set("pending", Napi::Number::New(env, static_cast<double>(report.pending)));
  result.Set("statsSum", Napi::Number::New(env, static_cast<double>(report.stats_sum)));
  result.Set("destroyed", report.destroyed);
  return result;
}

// emptyHandle(where): 'js' (default constructed, here), 'thread' (on another
// thread), 'movedFrom' (a handle whose callback was moved away; `fn` given).
Napi::Value EmptyHandle(const Napi::CallbackInfo& info) {
  const std::string where = info[0].As<Napi::String>().Utf8Value();
  if (where == "thread") {
    EmptyReport report;
    std::thread([&report] { report = Exercise(tscb::ThreadSafeCallback()); }).join();
    return ToObject(info.Env(), report);
  }
  if (where == "movedFrom") {
    tscb::ThreadSafeCallback source = tscb::ThreadSafeCallback::New(info[1].As<Napi::Function>());
    tscb::ThreadSafeCallback target = std::move(source);
    EmptyReport report = Exercise(source);  // NOLINT: use after move is the point
    target.Close();
    return ToObject(info.Env(), report);
  }
  return ToObject(info.Env(), Exercise(tscb::ThreadSafeCallback()));
}

// newOffThread(fn): ThreadSafeCallback::New called on another thread (a
// misuse); returns what that thread saw: { empty, call, destroyed }.
Napi::Value NewOffThread(const Napi::CallbackInfo& info) {
  Napi::Function fn = info[0].As<Napi::Function>();
  bool empty = false;
  std::string call;
  std::atomic<int> destroyed{0};
  std::thread([&] {
    tscb::ThreadSafeCallback callback = tscb::ThreadSafeCallback::New(fn);
    empty = callback.IsClosed() && callback.Stats().accepted == 0;
    call = StatusName(callback.Call(Counted(&destroyed)));
  }).join();
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("empty", empty);
  result.Set("call", call);
  result.Set("destroyed", destroyed.load());
  return result;
}

// exitHookOffThread(): AddEnvExitHook / RemoveEnvExitHook on another thread
// (a misuse): { added, removed } (an added hook would print when it ran).
Napi::Value ExitHookOffThread(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  bool added = true;
  bool removed = true;
  std::thread([&] {
    tscb::EnvExitHookToken token =
        tscb::AddEnvExitHook(env, [](Napi::Env, tscb::EnvKind) { std::printf("misplaced hook ran\n"); });
    added = token != tscb::EnvExitHookToken();
    removed = tscb::RemoveEnvExitHook(env, token);
  }).join();
  Napi::Object result = Napi::Object::New(env);
  result.Set("added", added);
  result.Set("removed", removed);
  return result;
}

// keepAliveOffThread(harness, 'ref'|'unref'): Ref()/Unref() on another
// thread, joined before returning; applied on the JS thread's next turn.
Napi::Value KeepAliveOffThread(const Napi::CallbackInfo& info) {
  const tscb::ThreadSafeCallback& callback = Harness::From(info[0])->callback();
  const bool ref = info[1].As<Napi::String>().Utf8Value() == "ref";
  std::thread([&callback, ref] { ref ? callback.Ref() : callback.Unref(); }).join();
  return info.Env().Undefined();
}

// newWith(fn, receiver, onError): New with raw values, unchecked, as a
// careless caller would write it. Returns true when a handle came back open.
Napi::Value NewWith(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  tscb::Options options;
  if (info.Length() > 2 && !info[2].IsUndefined()) options.on_error = Napi::Function(env, info[2]);
  Napi::Value receiver = info.Length() > 1 ? info[1] : Napi::Value();
  tscb::ThreadSafeCallback callback = tscb::ThreadSafeCallback::New(Napi::Function(env, info[0]), receiver, options);
  if (env.IsExceptionPending()) {  // no-exceptions build: the TypeError is pending
    return callback.IsClosed() ? env.Undefined() : Napi::Boolean::New(env, true);
  }
  const bool open = !callback.IsClosed();
  callback.Close();
  return Napi::Boolean::New(env, open);
}

// newEmpty(receiver?): New(Napi::Function()) — an empty fn — with the given
// receiver (or none). Returns true when a handle came back open.
Napi::Value NewEmpty(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Value receiver = info.Length() > 0 ? info[0] : Napi::Value();
  tscb::ThreadSafeCallback callback = tscb::ThreadSafeCallback::New(Napi::Function(), receiver);
  if (env.IsExceptionPending()) {  // no-exceptions build: the TypeError is pending
    return callback.IsClosed() ? env.Undefined() : Napi::Boolean::New(env, true);
  }
  return Napi::Boolean::New(env, !callback.IsClosed());
}

}  // namespace

void InitMisuse(Napi::Env env, Napi::Object exports) {
  exports.Set("emptyHandle", Napi::Function::New(env, EmptyHandle));
  exports.Set("newOffThread", Napi::Function::New(env, NewOffThread));
  exports.Set("exitHookOffThread", Napi::Function::New(env, ExitHookOffThread));
  exports.Set("keepAliveOffThread", Napi::Function::New(env, KeepAliveOffThread));
  exports.Set("newWith", Napi::Function::New(env, NewWith));
  exports.Set("newEmpty", Napi::Function::New(env, NewEmpty));
}
