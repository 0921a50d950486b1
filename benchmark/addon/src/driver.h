// The JavaScript face of one peer: start(fn, options) -> run, round(run),
// finish(run) -> result, abandon(run).
// Every peer gets the same driver, so the only difference between rows of a
// table is the peer's own code.
#ifndef BENCH_DRIVER_H_
#define BENCH_DRIVER_H_

#include <napi.h>

#include <cstddef>
#include <cstdint>

#include "run.h"

namespace bench {

inline double NumberOption(Napi::Object options, const char* name, double fallback) {
  Napi::Value value = options.Get(name);
  return value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : fallback;
}

inline bool BoolOption(Napi::Object options, const char* name) {
  Napi::Value value = options.Get(name);
  return value.IsBoolean() && value.As<Napi::Boolean>().Value();
}

// start(fn, { threads, callsPerThread, maxQueueSize, rate, latency, rounds,
//             waitForProducers })
// Starts the producers and returns the run. With waitForProducers the JS
// thread waits until every producer has sent everything: nothing drains
// before start() returns, so the whole load sits in the queue.
template <class Peer>
Napi::Value Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction() || !info[1].IsObject()) {
    Napi::TypeError::New(env, "start(fn, options)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object options = info[1].As<Napi::Object>();
  RunConfig config;
  config.threads = static_cast<std::size_t>(NumberOption(options, "threads", 1));
  config.calls_per_thread = static_cast<std::size_t>(NumberOption(options, "callsPerThread", 0));
  config.max_queue_size = static_cast<std::size_t>(NumberOption(options, "maxQueueSize", 0));
  config.rate = NumberOption(options, "rate", 0);
  config.latency = BoolOption(options, "latency");
  config.rounds = static_cast<std::size_t>(NumberOption(options, "rounds", 0));

  auto* run = new Run<Peer>(env, info[0].As<Napi::Function>(), config);
  if (env.IsExceptionPending()) {
    delete run;
    return env.Undefined();
  }
  run->Start();
  if (BoolOption(options, "waitForProducers")) run->Join();
  return Napi::External<RunBase>::New(env, run, [](Napi::Env, RunBase* done) {
    if (!done->abandoned()) delete done;
  });
}

// finish(run) -> { producerNs, rejected, samples?, ...peer counters }
// Joins the producers and drops the JS thread's reference to the peer.
inline Napi::Value Finish(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsExternal()) {
    Napi::TypeError::New(env, "finish(run)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  RunBase* run = info[0].As<Napi::External<RunBase>>().Data();
  run->Join();
  run->Release();

  Napi::Object result = Napi::Object::New(env);
  result["producerNs"] = Napi::Number::New(env, static_cast<double>(run->ProducerNs()));
  result["rejected"] = Napi::Number::New(env, static_cast<double>(run->Rejected()));
  if (const LatencyProbe* probe = run->Probe()) {
    const auto& samples = probe->samples();
    Napi::Float64Array out = Napi::Float64Array::New(env, samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) out[i] = static_cast<double>(samples[i]);
    result["samples"] = out;
  }
  run->Describe(result);
  return result;
}

// round(run) -> producer nanoseconds of one round (rounds mode), -1 when none is left.
// The JS thread waits for the round: nothing drains while producers send.
inline Napi::Value Round(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsExternal()) {
    Napi::TypeError::New(env, "round(run)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const int64_t ns = info[0].As<Napi::External<RunBase>>().Data()->Round();
  return Napi::Number::New(env, static_cast<double>(ns));
}

// abandon(run): for a run that stalled; see RunBase::Abandon.
inline Napi::Value Abandon(const Napi::CallbackInfo& info) {
  if (info[0].IsExternal()) info[0].As<Napi::External<RunBase>>().Data()->Abandon();
  return info.Env().Undefined();
}

template <class Peer>
Napi::Object PeerExports(Napi::Env env) {
  Napi::Object exports = Napi::Object::New(env);
  exports["start"] = Napi::Function::New(env, &Start<Peer>, "start");
  exports["finish"] = Napi::Function::New(env, &Finish, "finish");
  exports["round"] = Napi::Function::New(env, &Round, "round");
  exports["abandon"] = Napi::Function::New(env, &Abandon, "abandon");
  return exports;
}

}  // namespace bench

#endif  // BENCH_DRIVER_H_
