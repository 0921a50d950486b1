// CallWithResult: a producer thread waits on the future and reports the
// outcome through a second callback as a string.
#include <future>
#include <memory>
#include <thread>
#include <string>

#include "harness.h"

namespace {

#if TSCB_HAS_EXCEPTIONS
std::string Outcome(std::future<double>& future) {
  try {
    return "value " + std::to_string(static_cast<int64_t>(future.get()));
  } catch (const tscb::JsError& error) {
    return std::string("JsError ") + error.what();
  } catch (const std::future_error& error) {
    return error.code() == std::future_errc::broken_promise ? "broken_promise" : "future_error";
  } catch (const std::exception& error) {
    return std::string("exception ") + error.what();
  }
}

// callWithResult(fn, mode, done): mode 'value' and 'throw' run fn(), which
// returns a number or throws; 'cpp' throws a C++ exception in the closure;
// 'closed' closes before calling. done(outcome) reports on the JS thread.
Napi::Value CallWithResult(const Napi::CallbackInfo& info) {
  // kNever: the exit hook below keeps a reference until teardown, and must not
  // keep the process alive; `done` does that until the producer has reported.
  tscb::Options options;
  options.keep_alive = tscb::KeepAlive::kNever;
  auto callback = tscb::ThreadSafeCallback::New(info[0].As<Napi::Function>(), Napi::Value(), options);
  const std::string mode = info[1].As<Napi::String>().Utf8Value();
  auto done = tscb::ThreadSafeCallback::New(info[2].As<Napi::Function>());
  if (mode == "closed") callback.Close();
  auto producer = std::make_shared<std::thread>([callback, done, mode]() mutable {
    std::future<double> future = callback.CallWithResult(
        [mode](Napi::Env, Napi::Value receiver, Napi::Function fn) -> double {
          if (mode == "cpp") throw std::runtime_error("from C++");
          Napi::Value result = fn.Call(receiver, {});
          return result.As<Napi::Number>().DoubleValue();
        });
    done.Invoke(Outcome(future));
  });
  // Joined at teardown at the latest; closing first settles the future.
  tscb::AddEnvExitHook(info.Env(), [callback, producer](Napi::Env, tscb::EnvKind) {
    callback.Close();
    if (producer->joinable()) producer->join();
  });
  return info.Env().Undefined();
}
#else
Napi::Value CallWithResult(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), "unsupported");
}
#endif

}  // namespace

void InitResults(Napi::Env env, Napi::Object exports) {
  exports.Set("callWithResult", Napi::Function::New(env, CallWithResult));
  exports.Set("hasCallWithResult", Napi::Boolean::New(env, TSCB_HAS_EXCEPTIONS != 0));
}
