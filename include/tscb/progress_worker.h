// Progress-reporting workers: run a long job on its own native thread and
// give JavaScript a Promise of its result, with progress on the way.
//
//   Napi::Value Sum(const Napi::CallbackInfo& info) {          // JS: sum(n, controls)
//     const int64_t n = info[0].As<Napi::Number>().Int64Value();
//     return tscb::StartProgressWorker(info.Env(), info[1],
//         [n](tscb::ProgressSink<double>& progress, const tscb::CancellationToken& cancel) {
//           int64_t sum = 0;
//           for (int64_t i = 1; i <= n && !cancel.IsCancelled(); ++i) {
//             sum += i;
//             progress.Report(double(i) / n);                  // any thread, never blocks
//           }
//           return sum;                                        // resolves the Promise
//         });
//   }
//
// `controls` is what the JS caller passed (lib/job.js builds it):
//   { onProgress(value, seq), signal: AbortSignal, mode: 'queue' | 'latest' }
// every field optional. onProgress(value, seq) runs on the JS thread; `seq` is
// the number of values reported so far (1 for the first), so a caller can
// tell how many were coalesced.
//
// Rules, in order:
//  1. The work runs once, on a thread of its own, unless the signal has
//     already aborted: then it never runs and the Promise rejects at once.
//  2. Progress reaches onProgress through a tscb::ThreadSafeCallback:
//     kQueue delivers every value in the order reported; kLatest keeps only
//     the newest, delivers at most one value per turn of the event loop, and
//     always the last one.
//  3. Every reported value that will be delivered is delivered before the
//     Promise settles.
//  4. The Promise resolves with the work's result, converted on the JS thread
//     (see ToJsValue); it rejects with an Error whose message is what() when
//     the work throws (or the message given to ProgressSink::Fail), and with
//     an AbortError (name 'AbortError', code 'ABORT_ERR', cause: the signal's
//     reason) when the signal aborted before the work returned.
//  5. An abort sets the CancellationToken; the work decides when to stop.
//     Aborting after the work returned changes nothing.
//  6. The thread is joined on the JS thread: when the job settles, or when
//     the environment tears down (process.exit(), the end of a Worker,
//     worker.terminate()), which cancels the work first and waits for it to
//     return. No thread is detached, and the Promise of a job cut short by
//     teardown never settles. A running job keeps the event loop alive.
#ifndef TSCB_PROGRESS_WORKER_H_
#define TSCB_PROGRESS_WORKER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "threadsafe_callback.h"
#include "tscb/progress/job.h"

namespace tscb {

// How progress values reach JavaScript.
enum class ProgressMode {
  kQueue,   // every value, in the order reported; the producer is never slowed
  kLatest,  // coalesced: the newest value at each loop turn, and always the last
};

struct ProgressWorkerOptions {
  // The mode when the JS caller names none (controls.mode absent). kQueue, as
  // everywhere in the package: no reported value is lost unless asked for.
  ProgressMode mode = ProgressMode::kQueue;
};

// Turns a progress value or a result into a JS value, on the JS thread.
// Handles what ThreadSafeCallback::Invoke takes (bool, integers, float,
// double, std::string, std::vector<uint8_t>, nullptr) and anything callable
// as `Napi::Value(Napi::Env)`. Specialize it for your own types, before the
// StartProgressWorker call that reports them:
//   template <> struct tscb::ToJsValue<Point> {
//     static Napi::Value Convert(Napi::Env env, const Point& p);
//   };
template <class T>
struct ToJsValue {
  static Napi::Value Convert(Napi::Env env, const T& value);
};

// Tells the work that JS no longer wants its result (an abort, or teardown).
// Cheap to copy.
class CancellationToken {
 public:
  // Any thread. Never blocks.
  bool IsCancelled() const noexcept;

  // Sleeps until cancelled or `timeout` passes; returns IsCancelled().
  // Any thread but the JS thread. Blocks.
  template <class Rep, class Period>
  bool WaitFor(const std::chrono::duration<Rep, Period>& timeout) const;

 private:
  friend struct detail::ProgressAccess;
  explicit CancellationToken(std::shared_ptr<detail::JobCore> core) noexcept
      : core_(std::move(core)) {}
  std::shared_ptr<detail::JobCore> core_;
};

// Where the work reports progress. Copies may be handed to helper threads
// (all of them must be done reporting before the work returns to be sure
// their values are delivered). Cheap to copy.
template <class Progress>
class ProgressSink {
 public:
  // Reports `value`: kept until the JS thread's next turn (kLatest keeps only
  // the newest). Any thread. Never blocks on JS; takes a short lock; kQueue
  // allocates as the backlog grows.
  void Report(Progress value) const;

  // Makes the job reject with Error(message) whatever the work returns: the
  // way to fail without C++ exceptions. The first message wins. Any thread.
  void Fail(std::string message) const;

  // Values reported so far. Any thread.
  uint64_t Reported() const noexcept;

 private:
  friend struct detail::ProgressAccess;
  explicit ProgressSink(std::shared_ptr<detail::ProgressJob<Progress>> job) noexcept
      : job_(std::move(job)) {}
  std::shared_ptr<detail::ProgressJob<Progress>> job_;
};

// Runs `work(ProgressSink<Progress>&, const CancellationToken&)` on a new
// thread and returns a Promise of its result (void: undefined), following
// the rules at the top of this file. `Progress` is deduced from the work's
// first parameter when it is not given. A bad `controls` is a TypeError
// thrown into JS (an empty value when exceptions are off). While the
// environment tears down it returns an empty value and starts nothing.
// JS thread only. Allocates; starts a thread.
template <class Progress = void, class Work>
Napi::Value StartProgressWorker(Napi::Env env, Napi::Value controls, Work work,
                                const ProgressWorkerOptions& options = ProgressWorkerOptions());

}  // namespace tscb

#include "tscb/progress_worker-inl.h"

#endif  // TSCB_PROGRESS_WORKER_H_
