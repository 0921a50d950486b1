// The state of one progress job, shared by its thread, the JS thread's
// closures, the registry hook and the abort listener.
//
// JobCore: cancellation, the failure message, the thread, the callback.
// ProgressJob<P>: the progress buffer. Values wait under a short lock; one
// delivery closure at a time is queued on the callback (drain limit 1: at
// most one delivery per loop turn), and it takes what is there when it runs,
// so a kLatest job delivers the newest value each turn, and the completion
// closure delivers whatever is left before settling.
#ifndef TSCB_PROGRESS_JOB_H_
#define TSCB_PROGRESS_JOB_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "threadsafe_callback.h"
#include "tscb/napi/js.h"

namespace tscb {

template <class T>
struct ToJsValue;
class CancellationToken;
template <class Progress>
class ProgressSink;

namespace detail {

struct ProgressAccess;

class JobCore {
 public:
  JobCore(bool latest, bool has_listener) : latest_(latest), has_listener_(has_listener) {}

  JobCore(const JobCore&) = delete;
  JobCore& operator=(const JobCore&) = delete;

  // The thread is joined on the JS thread before the last reference goes;
  // a job whose completion closure was refused ends on its own thread.
  virtual ~JobCore() {
    if (!thread_.joinable()) return;
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();  // its last act: the thread ends as this returns
    } else {
      thread_.join();
    }
  }

  // Any thread.
  void Cancel() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
    }
    cancelled_flag_.store(true, std::memory_order_release);
    wake_.notify_all();
  }

  bool IsCancelled() const noexcept { return cancelled_flag_.load(std::memory_order_acquire); }

  template <class Rep, class Period>
  bool WaitFor(const std::chrono::duration<Rep, Period>& timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, timeout, [this] { return cancelled_; });
    return cancelled_;
  }

  void Fail(std::string message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!failed_) {
      failed_ = true;
      failure_ = std::move(message);
    }
  }

  bool TakeFailure(std::string* message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!failed_) return false;
    *message = failure_;
    return true;
  }

  // JS thread: cancels the work and waits for its thread (teardown, or the
  // end of a job that already returned).
  void CancelAndJoin() {
    Cancel();
    Join();
  }

  void Join() {
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }

  bool latest() const noexcept { return latest_; }
  bool has_listener() const noexcept { return has_listener_; }

  std::thread thread_;
  ThreadSafeCallback callback_;
  uint64_t hook_ = 0;  // its EnvRegistry hook: cancel and join at teardown or exit

 private:
  const bool latest_;
  const bool has_listener_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool cancelled_ = false;
  std::atomic<bool> cancelled_flag_{false};
  bool failed_ = false;
  std::string failure_;
};

template <class Progress>
class ProgressJob final : public JobCore, public std::enable_shared_from_this<ProgressJob<Progress>> {
 public:
  // Values handed to onProgress per delivery closure (kQueue); the rest go on
  // the next loop turn.
  static constexpr std::size_t kBatch = 256;

  using JobCore::JobCore;

  // Any thread.
  void Report(Progress value) {
    bool schedule = false;
    {
      std::lock_guard<std::mutex> lock(values_mutex_);
      ++reported_;
      if (!has_listener()) return;
      if (latest()) values_.clear();
      values_.emplace_back(std::move(value), reported_);
      if (!scheduled_) schedule = scheduled_ = true;
    }
    if (schedule) ScheduleDelivery();
  }

  uint64_t Reported() {
    std::lock_guard<std::mutex> lock(values_mutex_);
    return reported_;
  }

  // JS thread: delivers up to kBatch values; true when more wait. A delivery
  // closure queues the next one itself; the completion closure (`final`)
  // queues itself again instead.
  bool Deliver(napi_env env, napi_value on_progress, bool final) {
    std::vector<std::pair<Progress, uint64_t>> batch;
    bool more = false;
    {
      std::lock_guard<std::mutex> lock(values_mutex_);
      const std::size_t count = std::min(values_.size(), kBatch);
      batch.reserve(count);
      for (std::size_t i = 0; i < count; ++i) {
        batch.push_back(std::move(values_.front()));
        values_.pop_front();
      }
      more = !values_.empty();
      if (!more && !final) scheduled_ = false;
    }
    if (more && !final) ScheduleDelivery();
    for (auto& entry : batch) CallOnProgress(env, on_progress, entry.first, entry.second);
    return more;
  }

 private:
  void ScheduleDelivery() {
    callback_.Call([self = this->shared_from_this()](Napi::Env env, Napi::Value, Napi::Function fn) {
      self->Deliver(env, fn, /*final=*/false);
    });
  }

  // onProgress(value, seq); what it throws goes to 'uncaughtException', and
  // the next value is still delivered.
  static void CallOnProgress(napi_env env, napi_value on_progress, const Progress& value,
                             uint64_t seq) {
    napi_value argv[2] = {ToJsValue<Progress>::Convert(Napi::Env(env), value), nullptr};
    napi_create_double(env, static_cast<double>(seq), &argv[1]);
    napi_value ignored = nullptr;
    if (argv[0] != nullptr) {
      napi_call_function(env, js::Undefined(env), on_progress, 2, argv, &ignored);
    }
    if (napi_value error = js::TakePendingException(env)) napi_fatal_exception(env, error);
  }

  std::mutex values_mutex_;
  std::deque<std::pair<Progress, uint64_t>> values_;
  uint64_t reported_ = 0;
  bool scheduled_ = false;
};

struct ProgressAccess {
  template <class Progress>
  static ProgressSink<Progress> Sink(const std::shared_ptr<ProgressJob<Progress>>& job) {
    return ProgressSink<Progress>(job);
  }
  static CancellationToken Token(std::shared_ptr<JobCore> core);
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_PROGRESS_JOB_H_
