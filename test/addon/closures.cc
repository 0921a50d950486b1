// Closures that close their callback, throw, or create many handles.
#include <stdexcept>
#include <string>

#include "harness.h"

namespace {

// queueCloser(harness, total, closeAt): `total` closures calling fn(i), each
// owning a DestructionProbe; closure `closeAt` calls Close() on its callback.
Napi::Value QueueCloser(const Napi::CallbackInfo& info) {
  Harness* harness = Harness::From(info[0]);
  const int64_t total = info[1].As<Napi::Number>().Int64Value();
  const int64_t close_at = info[2].As<Napi::Number>().Int64Value();
  const tscb::ThreadSafeCallback& callback = harness->callback();
  int64_t accepted = 0;
  for (int64_t i = 0; i < total; ++i) {
    tscb::Status status = callback.Call(
        [i, close_at, self = callback, probe = DestructionProbe(harness->destructions())](
            Napi::Env env, Napi::Value receiver, Napi::Function fn) mutable {
          probe.MarkRan();
          fn.Call(receiver, {Napi::Number::New(env, static_cast<double>(i))});
          if (i == close_at) self.Close();
        });
    if (status == tscb::Status::kOk) ++accepted;
  }
  return Napi::Number::New(info.Env(), static_cast<double>(accepted));
}

// queueThrowers(harness, count): closure i calls fn('js', i) (JS throws) when
// i % 3 == 0, throws a C++ exception when i % 3 == 1 (fn('skip', i) without
// C++ exceptions), and calls fn('ok', i) otherwise.
Napi::Value QueueThrowers(const Napi::CallbackInfo& info) {
  Harness* harness = Harness::From(info[0]);
  const int64_t count = info[1].As<Napi::Number>().Int64Value();
  for (int64_t i = 0; i < count; ++i) {
    harness->callback().Call([i](Napi::Env env, Napi::Value receiver, Napi::Function fn) {
      const double index = static_cast<double>(i);
      if (i % 3 == 0) {
        fn.Call(receiver, {Napi::String::New(env, "js"), Napi::Number::New(env, index)});
      } else if (i % 3 == 1) {
#ifdef NAPI_CPP_EXCEPTIONS
        throw std::runtime_error("cpp " + std::to_string(i));
#else
        fn.Call(receiver, {Napi::String::New(env, "skip"), Napi::Number::New(env, index)});
#endif
      } else {
        fn.Call(receiver, {Napi::String::New(env, "ok"), Napi::Number::New(env, index)});
      }
    });
  }
  return info.Env().Undefined();
}

// queueStringFlood(harness, count, stringsPerClosure, sampleEvery): closures
// that each create `stringsPerClosure` JS strings and keep none; every
// `sampleEvery`-th one calls fn(i) so JS can sample memory.
Napi::Value QueueStringFlood(const Napi::CallbackInfo& info) {
  Harness* harness = Harness::From(info[0]);
  const int64_t count = info[1].As<Napi::Number>().Int64Value();
  const int strings = info[2].As<Napi::Number>().Int32Value();
  const int64_t sample_every = info[3].As<Napi::Number>().Int64Value();
  for (int64_t i = 0; i < count; ++i) {
    harness->callback().Call(
        [i, strings, sample_every](Napi::Env env, Napi::Value receiver, Napi::Function fn) {
          for (int s = 0; s < strings; ++s) Napi::String::New(env, "a string that is not kept");
          if (i % sample_every == 0) fn.Call(receiver, {Napi::Number::New(env, static_cast<double>(i))});
        });
  }
  return info.Env().Undefined();
}

// callMoveOnly(harness, value): a closure owning a std::unique_ptr calls fn(value).
Napi::Value CallMoveOnly(const Napi::CallbackInfo& info) {
  Harness* harness = Harness::From(info[0]);
  auto owned = std::make_unique<double>(info[1].As<Napi::Number>().DoubleValue());
  tscb::Status status = harness->callback().Call(
      [owned = std::move(owned)](const Napi::Env& env, const Napi::Value& receiver, const Napi::Function& fn) {
        fn.Call(receiver, {Napi::Number::New(env, *owned)});
      });
  return Napi::String::New(info.Env(), StatusName(status));
}

// invokeTypes(harness): one Invoke with every supported argument type.
Napi::Value InvokeTypes(const Napi::CallbackInfo& info) {
  Harness* harness = Harness::From(info[0]);
  const char* text = "c string";
  tscb::Status status = harness->callback().Invoke(
      true, int8_t{-8}, uint16_t{16}, int32_t{-32}, uint32_t{4000000000u}, int64_t{-9007199254740991},
      uint64_t{18446744073709551615u}, 1.5f, 2.25, std::string("std::string"), text,
      std::vector<uint8_t>{1, 2, 255}, nullptr);
  return Napi::String::New(info.Env(), StatusName(status));
}

}  // namespace

void InitClosures(Napi::Env env, Napi::Object exports) {
  exports.Set("queueCloser", Napi::Function::New(env, QueueCloser));
  exports.Set("queueThrowers", Napi::Function::New(env, QueueThrowers));
  exports.Set("queueStringFlood", Napi::Function::New(env, QueueStringFlood));
  exports.Set("callMoveOnly", Napi::Function::New(env, CallMoveOnly));
  exports.Set("invokeTypes", Napi::Function::New(env, InvokeTypes));
}
