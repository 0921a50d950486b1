// The ceiling: the JS thread itself calls the function in a native loop, one
// handle scope per call, no other thread involved. No thread-safe mechanism
// can beat it while it also opens a scope per call.
#include <napi.h>

#include <cstdint>

#include "peers.h"

namespace bench {
namespace {

// run(fn, calls): calls fn(1) `calls` times, each inside its own handle scope.
Napi::Value RunCeiling(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction() || !info[1].IsNumber()) {
    Napi::TypeError::New(env, "run(fn, calls)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Function fn = info[0].As<Napi::Function>();
  const int64_t calls = info[1].As<Napi::Number>().Int64Value();
  for (int64_t i = 0; i < calls; ++i) {
    Napi::HandleScope scope(env);
    fn.Call({Napi::Number::New(env, 1.0)});
    if (env.IsExceptionPending()) break;
  }
  return env.Undefined();
}

}  // namespace

Napi::Object CeilingExports(Napi::Env env) {
  Napi::Object exports = Napi::Object::New(env);
  exports["run"] = Napi::Function::New(env, &RunCeiling, "run");
  return exports;
}

}  // namespace bench
