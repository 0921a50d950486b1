// The examples of docs/migrating.md, as written there: every ```cpp block of
// the guide appears verbatim in this file (17.migrating.js checks it), is
// compiled in both exception modes and is run by the suite. The peers' code
// in the guide (```c and ```c++ blocks) is quoted, not compiled.
#include <threadsafe_callback.h>
#include <tscb/progress_worker.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

// ---- from napi_threadsafe_function ------------------------------------------

// startTicker(n, fn, done): a thread calls fn(i) for i in 0..n-1, then
// done(run) once every call ran and the thread is joined.
Napi::Value StartTicker(const Napi::CallbackInfo& info) {
  const int n = info[0].As<Napi::Number>().Int32Value();
  auto thread = std::make_shared<std::thread>();  // was: the finalize data
  auto done = std::make_shared<Napi::FunctionReference>(Napi::Persistent(info[2].As<Napi::Function>()));

  tscb::Options options;
  options.resource_name = "Ticker";                 // was: async_resource_name
  options.on_finished = [thread, done](Napi::Env env, const tscb::Stats& stats,
                                       tscb::FinishReason reason) {
    thread->join();                                 // was: thread_finalize_cb
    if (reason != tscb::FinishReason::kTeardown) {  // JS can run: settle
      done->Call({Napi::Number::New(env, static_cast<double>(stats.run))});
    }
  };
  tscb::ThreadSafeCallback ticks =
      tscb::ThreadSafeCallback::New(info[1].As<Napi::Function>(), Napi::Value(), options);

  // The thread's copy is its reference (was: initial_thread_count = 1). When
  // the thread ends, the copy goes (was: napi_release_threadsafe_function),
  // every accepted call still runs, then on_finished.
  *thread = std::thread([ticks = std::move(ticks), n] {
    for (int i = 0; i < n; ++i) {
      if (ticks.Invoke(i) != tscb::Status::kOk) break;  // was: napi_call_threadsafe_function;
    }                                                   // kClosed was napi_closing
  });
  return info.Env().Undefined();
}

// fullFromJs(fn): on the JS thread, a BlockingCall into a full bounded queue
// returns kWouldDeadlock instead of blocking forever. Returns its status.
Napi::Value FullFromJs(const Napi::CallbackInfo& info) {
  tscb::Options options;
  options.max_queue_size = 1;
  tscb::ThreadSafeCallback callback =
      tscb::ThreadSafeCallback::New(info[0].As<Napi::Function>(), Napi::Value(), options);
  callback.Invoke(1);                               // the queue is full now
  tscb::Status status = callback.BlockingCall([](Napi::Env, Napi::Value, Napi::Function) {});
  callback.Close();
  return Napi::Boolean::New(info.Env(), status == tscb::Status::kWouldDeadlock);
}

// ---- from Napi::ThreadSafeFunction / TypedThreadSafeFunction ----------------

struct Reading {
  int sensor;
  double value;
};

struct Calibration {  // was: the Context of TypedThreadSafeFunction
  double offset;
};

// startSensors(sensors, readings, offset, fn, done): one thread per sensor
// sends `readings` readings; fn(sensor, value + offset) for each, in order per
// sensor; done(run, dropped) when all threads are joined.
Napi::Value StartSensors(const Napi::CallbackInfo& info) {
  const int sensors = info[0].As<Napi::Number>().Int32Value();
  const int readings = info[1].As<Napi::Number>().Int32Value();
  auto calibration = std::make_shared<Calibration>(Calibration{info[2].As<Napi::Number>().DoubleValue()});
  auto threads = std::make_shared<std::vector<std::thread>>();
  auto done = std::make_shared<Napi::FunctionReference>(Napi::Persistent(info[4].As<Napi::Function>()));

  tscb::Options options;
  options.on_finished = [threads, done](Napi::Env env, const tscb::Stats& stats,
                                        tscb::FinishReason reason) {
    for (std::thread& thread : *threads) thread.join();
    if (reason == tscb::FinishReason::kTeardown) return;
    done->Call({Napi::Number::New(env, static_cast<double>(stats.run)),
                Napi::Number::New(env, static_cast<double>(stats.dropped))});
  };
  tscb::ThreadSafeCallback sink =
      tscb::ThreadSafeCallback::New(info[3].As<Napi::Function>(), Napi::Value(), options);

  for (int s = 0; s < sensors; ++s) {
    // A copy per thread: was tsfn.Acquire(); its end: tsfn.Release().
    threads->emplace_back([sink, calibration, s, readings] {
      for (int i = 0; i < readings; ++i) {
        auto reading = std::make_unique<Reading>(Reading{s, double(i)});
        // Was: tsfn.BlockingCall(reading.release()), and a CallJs that
        // deletes it, with a branch for a null env at teardown. A closure
        // owns its captures: run or dropped, they are destroyed on the JS
        // thread, once.
        sink.Call([reading = std::move(reading), calibration](
                      Napi::Env env, Napi::Value self, Napi::Function fn) {
          fn.Call(self, {Napi::Number::New(env, reading->sensor),
                         Napi::Number::New(env, reading->value + calibration->offset)});
        });
      }
    });
  }
  return info.Env().Undefined();
}

// oneClosurePerTurn(fn): n closures, each calling fn(i), with the
// microtasks of each run before the next, as with napi_threadsafe_function.
Napi::Value OneClosurePerTurn(const Napi::CallbackInfo& info) {
  tscb::Options options;
  options.drain_limit = 1;  // one closure per wake-up: microtasks after each
  tscb::ThreadSafeCallback callback =
      tscb::ThreadSafeCallback::New(info[0].As<Napi::Function>(), Napi::Value(), options);
  const int n = info[1].As<Napi::Number>().Int32Value();
  for (int i = 0; i < n; ++i) callback.Invoke(i);
  return info.Env().Undefined();  // the last reference goes: a graceful release
}

// ---- from AsyncProgressWorker / AsyncProgressQueueWorker ---------------------

// echo(values, controls): sends each value back as progress, in order, and
// resolves with how many there were.
Napi::Value Echo(const Napi::CallbackInfo& info) {
  std::vector<double> values;
  Napi::Array array = info[0].As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); ++i) {
    values.push_back(array.Get(i).As<Napi::Number>().DoubleValue());
  }
  return tscb::StartProgressWorker(info.Env(), info[1],
      [values = std::move(values)](tscb::ProgressSink<double>& progress,  // was: Execute()
                                   const tscb::CancellationToken& cancel) -> double {
        for (double value : values) {
          if (cancel.IsCancelled()) break;          // was: nothing; an abort, here
          progress.Report(value);                   // was: progress.Send(&value, 1)
        }
        if (values.empty()) progress.Fail("nothing to echo");  // was: SetError()
        return static_cast<double>(values.size());  // was: OnOK()
      });
}

}  // namespace

void InitMigrating(Napi::Env env, Napi::Object exports) {
  Napi::Object migrating = Napi::Object::New(env);
  migrating.Set("startTicker", Napi::Function::New(env, StartTicker));
  migrating.Set("fullFromJs", Napi::Function::New(env, FullFromJs));
  migrating.Set("startSensors", Napi::Function::New(env, StartSensors));
  migrating.Set("oneClosurePerTurn", Napi::Function::New(env, OneClosurePerTurn));
  migrating.Set("echo", Napi::Function::New(env, Echo));
  exports.Set("migrating", migrating);
}
