// Harness: one tscb::ThreadSafeCallback around a JS function, producer threads
// that call it, and exact counts of what they were told. Threads are joined by
// join(), by the object's finalizer, or by an env exit hook (which closes the
// callback first, so blocked producers are released).
#ifndef TSCB_TEST_ADDON_HARNESS_H_
#define TSCB_TEST_ADDON_HARNESS_H_

#include <threadsafe_callback.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// Counts of statuses producers got, shared with their threads.
struct StatusCounts {
  std::atomic<uint64_t> ok{0};
  std::atomic<uint64_t> full{0};
  std::atomic<uint64_t> closed{0};
  std::atomic<uint64_t> would_deadlock{0};
  std::atomic<bool> host_released{false};
  void Add(tscb::Status status);
};

// Turns for a producer that makes each call only when the JS thread allows
// it (ping-pong). Opening them for good releases a waiting producer.
class Permits {
 public:
  void Allow(int64_t n);
  void OpenForGood();
  void Acquire();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int64_t available_ = 0;
  bool open_ = false;
};

// Counts destructions of closures, from any thread.
struct Destructions {
  std::atomic<uint64_t> count{0};
  std::atomic<uint64_t> unrun{0};
};

class DestructionProbe {
 public:
  explicit DestructionProbe(std::shared_ptr<Destructions> sink) : sink_(std::move(sink)) {}
  DestructionProbe(DestructionProbe&&) noexcept = default;
  DestructionProbe(const DestructionProbe&) = delete;
  ~DestructionProbe() {
    if (!sink_) return;
    sink_->count.fetch_add(1);
    if (!ran_) sink_->unrun.fetch_add(1);
  }
  void MarkRan() { ran_ = true; }

 private:
  std::shared_ptr<Destructions> sink_;
  bool ran_ = false;
};

class Harness : public Napi::ObjectWrap<Harness> {
 public:
  static Napi::Function Define(Napi::Env env);
  static Harness* From(const Napi::Value& value);

  // new Harness(fn, { receiver, maxQueueSize, keepAlive: 'always'|'pending'|'never', drainLimit, onError,
  //                   resourceName, and the on_finished options of finish.cc })
  explicit Harness(const Napi::CallbackInfo& info);
  ~Harness() override;

  const tscb::ThreadSafeCallback& callback() const { return callback_; }
  const std::shared_ptr<Destructions>& destructions() const { return destructions_; }

 private:
  // start(threads, perThread, kind): kind 'invoke' -> fn(t, i) via Invoke;
  // 'blocking' -> BlockingCall; 'untilClosed' -> Invoke until kClosed;
  // 'pingPong' -> Invoke, each call only after allow() gave it a turn;
  // 'afterRelease' -> waits for release(), then Invoke: the producers hold
  // the last references.
  // 'ledger' / 'ledgerBlocking' -> Call / BlockingCall with closures counted
  // in the process-wide ledger (ledger.cc) until kClosed.
  Napi::Value Start(const Napi::CallbackInfo& info);
  // join(): joins the producers; returns { ok, full, closed, wouldDeadlock }.
  Napi::Value Join(const Napi::CallbackInfo& info);
  // allow(n = 1): gives a 'pingPong' producer n more calls.
  Napi::Value Allow(const Napi::CallbackInfo& info);
  // fill(n): n Calls from the JS thread; returns the statuses' counts.
  Napi::Value Fill(const Napi::CallbackInfo& info);
  // blockingFromJs(): one BlockingCall from the JS thread; returns the status name.
  Napi::Value BlockingFromJs(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Release(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Pending(const Napi::CallbackInfo& info);
  Napi::Value IsClosed(const Napi::CallbackInfo& info);
  Napi::Value Ref(const Napi::CallbackInfo& info);
  Napi::Value Unref(const Napi::CallbackInfo& info);
  Napi::Value Destroyed(const Napi::CallbackInfo& info);

  void CloseAndJoin();

  tscb::ThreadSafeCallback callback_;
  std::vector<std::thread> producers_;
  std::shared_ptr<StatusCounts> counts_ = std::make_shared<StatusCounts>();
  std::shared_ptr<Destructions> destructions_ = std::make_shared<Destructions>();
  std::shared_ptr<Permits> permits_ = std::make_shared<Permits>();
  tscb::EnvExitHookToken exit_hook_;
  napi_env env_;
};

const char* StatusName(tscb::Status status);
// Calls `callback` with ledger-counted closures until kClosed (ledger.cc).
void LedgerProducer(const tscb::ThreadSafeCallback& callback, bool blocking);
Napi::Object CountsToObject(Napi::Env env, const StatusCounts& counts);
// Stats() as JS sees it: every counter, with the binding's camelCase keys.
Napi::Object StatsToObject(Napi::Env env, const tscb::Stats& stats);

// The Harness's on_finished, from its options (finish.cc).
using FinishHook = std::function<void(Napi::Env, const tscb::Stats&, tscb::FinishReason)>;
FinishHook MakeFinishProbe(const Napi::Object& options);

#endif  // TSCB_TEST_ADDON_HARNESS_H_
