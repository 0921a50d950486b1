// Progress workers (tscb/progress_worker.h): jobs whose progress, results,
// failures and cancellation the JS tests 50-59 check exactly.
#include <tscb/progress_worker.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

// What the tests read while a job runs: how far it got, and whether it ran.
struct Probe {
  std::atomic<uint64_t> reported{0};
  std::atomic<uint64_t> started{0};
  std::atomic<uint64_t> returned{0};
};

using ProbeRef = std::shared_ptr<Probe>;

ProbeRef ProbeOf(const Napi::Value& value) {
  return *value.As<Napi::External<ProbeRef>>().Data();
}

// Marks the probe while the work runs, whichever way it ends.
class Running {
 public:
  explicit Running(ProbeRef probe) : probe_(std::move(probe)) { probe_->started.fetch_add(1); }
  ~Running() { probe_->returned.fetch_add(1); }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  ProbeRef probe_;
};

// A progress value of the addon's own type, converted by a specialization.
struct Step {
  int64_t done;
  int64_t total;
};

}  // namespace

namespace tscb {
template <>
struct ToJsValue<Step> {
  static Napi::Value Convert(Napi::Env env, const Step& step) {
    Napi::Object object = Napi::Object::New(env);
    object.Set("done", Napi::Number::New(env, static_cast<double>(step.done)));
    object.Set("total", Napi::Number::New(env, static_cast<double>(step.total)));
    return object;
  }
};
}  // namespace tscb

namespace {

// Says on stdout that the last copy of it was destroyed: the teardown tests
// read it.
class Announcer {
 public:
  explicit Announcer(std::string text) : text_(std::make_shared<Text>(std::move(text))) {}

 private:
  struct Text {
    explicit Text(std::string text) : value(std::move(text)) {}
    ~Text() { std::printf("%s\n", value.c_str()), std::fflush(stdout); }
    std::string value;
  };
  std::shared_ptr<Text> text_;
};

Napi::Value NewProbe(const Napi::CallbackInfo& info) {
  return Napi::External<ProbeRef>::New(info.Env(), new ProbeRef(std::make_shared<Probe>()),
                                       [](Napi::Env, ProbeRef* probe) { delete probe; });
}

// readProbe(probe) -> [reported, started, returned]
Napi::Value ReadProbe(const Napi::CallbackInfo& info) {
  ProbeRef probe = ProbeOf(info[0]);
  Napi::Array result = Napi::Array::New(info.Env(), 3);
  result.Set(0u, Napi::Number::New(info.Env(), static_cast<double>(probe->reported.load())));
  result.Set(1u, Napi::Number::New(info.Env(), static_cast<double>(probe->started.load())));
  result.Set(2u, Napi::Number::New(info.Env(), static_cast<double>(probe->returned.load())));
  return result;
}

// sum(n, controls): the example at the top of tscb/progress_worker.h and in
// docs/progress.md, as written there.
Napi::Value Sum(const Napi::CallbackInfo& info) {          // JS: sum(n, controls)
  const int64_t n = info[0].As<Napi::Number>().Int64Value();
  return tscb::StartProgressWorker(info.Env(), info[1],
      [n](tscb::ProgressSink<double>& progress, const tscb::CancellationToken& cancel) {
        int64_t sum = 0;
        for (int64_t i = 1; i <= n && !cancel.IsCancelled(); ++i) {
          sum += i;
          progress.Report(double(i) / n);                  // any thread, never blocks
        }
        return sum;                                        // resolves the Promise
      });
}

// countTo(n, controls): reports 1..n as fast as it can; resolves with n.
Napi::Value CountTo(const Napi::CallbackInfo& info) {
  const int64_t n = info[0].As<Napi::Number>().Int64Value();
  return tscb::StartProgressWorker(
      info.Env(), info[1], [n](tscb::ProgressSink<int64_t>& progress, const tscb::CancellationToken&) {
        for (int64_t i = 1; i <= n; ++i) progress.Report(i);
        return n;
      });
}

// flood(n, probe, controls): like countTo, publishing each count on the
// probe after reporting it, in the default mode (queue) unless asked.
Napi::Value Flood(const Napi::CallbackInfo& info) {
  const int64_t n = info[0].As<Napi::Number>().Int64Value();
  ProbeRef probe = ProbeOf(info[1]);
  return tscb::StartProgressWorker(
      info.Env(), info[2],
      [n, probe](tscb::ProgressSink<int64_t>& progress, const tscb::CancellationToken&) {
        Running running(probe);
        for (int64_t i = 1; i <= n; ++i) {
          progress.Report(i);
          probe->reported.store(static_cast<uint64_t>(i), std::memory_order_release);
        }
        return static_cast<double>(progress.Reported());
      });
}

// steps(n, threads, controls): `threads` helper threads share the sink and
// report Step{i, n} for their share of 1..n; the result is an object made on
// the JS thread.
Napi::Value Steps(const Napi::CallbackInfo& info) {
  const int64_t n = info[0].As<Napi::Number>().Int64Value();
  const int threads = info[1].As<Napi::Number>().Int32Value();
  return tscb::StartProgressWorker(
      info.Env(), info[2],
      [n, threads](tscb::ProgressSink<Step>& progress, const tscb::CancellationToken&) {
        std::atomic<int64_t> next{1};
        std::vector<std::thread> helpers;
        for (int t = 0; t < threads; ++t) {
          helpers.emplace_back([&] {
            for (int64_t i = next.fetch_add(1); i <= n; i = next.fetch_add(1)) {
              progress.Report(Step{i, n});
            }
          });
        }
        for (std::thread& helper : helpers) helper.join();
        const uint64_t reported = progress.Reported();
        return [reported, threads](Napi::Env env) -> Napi::Value {
          Napi::Object result = Napi::Object::New(env);
          result.Set("reported", Napi::Number::New(env, static_cast<double>(reported)));
          result.Set("threads", Napi::Number::New(env, threads));
          return result;
        };
      });
}

// untilCancelled(probe, label, controls): reports 1, 2, ... every ms until
// cancelled, then prints `<label> cancelled` and returns; what it captured
// prints `<label> state destroyed` as it goes.
Napi::Value UntilCancelled(const Napi::CallbackInfo& info) {
  ProbeRef probe = ProbeOf(info[0]);
  const std::string label = info[1].As<Napi::String>().Utf8Value();
  Announcer announcer(label + " state destroyed");
  return tscb::StartProgressWorker(
      info.Env(), info[2],
      [probe, label, announcer](tscb::ProgressSink<double>& progress,
                                const tscb::CancellationToken& cancel) {
        Running running(probe);
        int64_t i = 0;
        do {
          progress.Report(static_cast<double>(++i));
          probe->reported.store(static_cast<uint64_t>(i));
        } while (!cancel.WaitFor(std::chrono::milliseconds(1)));
        std::printf("%s cancelled\n", label.c_str());
        std::fflush(stdout);
        return i;
      });
}

// failAfter(n, message, controls): reports 1..n, then fails with `message`
// (a thrown std::runtime_error, or ProgressSink::Fail without exceptions).
Napi::Value FailAfter(const Napi::CallbackInfo& info) {
  const int64_t n = info[0].As<Napi::Number>().Int64Value();
  const std::string message = info[1].As<Napi::String>().Utf8Value();
  return tscb::StartProgressWorker<int64_t>(
      info.Env(), info[2],
      [n, message](auto& progress, const tscb::CancellationToken&) -> std::string {
        for (int64_t i = 1; i <= n; ++i) progress.Report(i);
#if TSCB_HAS_EXCEPTIONS
        throw std::runtime_error(message);
#else
        progress.Fail(message);
        return "unused";
#endif
      });
}

// nothing(controls): a void work in queue mode by default, reporting "a", "b".
Napi::Value Nothing(const Napi::CallbackInfo& info) {
  tscb::ProgressWorkerOptions options;
  options.mode = tscb::ProgressMode::kQueue;
  return tscb::StartProgressWorker(
      info.Env(), info[0],
      [](tscb::ProgressSink<std::string>& progress, const tscb::CancellationToken&) {
        progress.Report("a");
        progress.Report("b");
      },
      options);
}

// levels(n, controls): reports 1..n from an addon that chose latest mode
// (ProgressWorkerOptions) for callers that name none.
Napi::Value Levels(const Napi::CallbackInfo& info) {
  const int64_t n = info[0].As<Napi::Number>().Int64Value();
  tscb::ProgressWorkerOptions options;
  options.mode = tscb::ProgressMode::kLatest;
  return tscb::StartProgressWorker(
      info.Env(), info[1],
      [n](tscb::ProgressSink<int64_t>& progress, const tscb::CancellationToken&) {
        for (int64_t i = 1; i <= n; ++i) progress.Report(i);
        return n;
      },
      options);
}

}  // namespace

void InitProgress(Napi::Env env, Napi::Object exports) {
  Napi::Object progress = Napi::Object::New(env);
  progress.Set("newProbe", Napi::Function::New(env, NewProbe));
  progress.Set("readProbe", Napi::Function::New(env, ReadProbe));
  progress.Set("sum", Napi::Function::New(env, Sum));
  progress.Set("countTo", Napi::Function::New(env, CountTo));
  progress.Set("flood", Napi::Function::New(env, Flood));
  progress.Set("steps", Napi::Function::New(env, Steps));
  progress.Set("untilCancelled", Napi::Function::New(env, UntilCancelled));
  progress.Set("failAfter", Napi::Function::New(env, FailAfter));
  progress.Set("nothing", Napi::Function::New(env, Nothing));
  progress.Set("levels", Napi::Function::New(env, Levels));
  exports.Set("progress", progress);
}
