// The core of a thread-safe callback: a lock-free queue of Tasks, the wake-up
// protocol, the reference counts and the open -> closing -> closed state
// machine, on one libuv loop. It knows nothing of N-API: the loop thread's side
// (scopes, errors, what a Task's context means) is a Consumer.
//
// Lifetime. A Channel is reference counted: each handle holds one reference,
// each weak reference one, and the loop side one until the uv handle's close
// callback. So the
// control block that producers touch outlives the loop-side state: a producer
// that comes late gets kClosed, never freed memory.
//
// States. open: producers are admitted. closing: the gate is closed, pending
// closures are destroyed unrun on the loop thread, uv_close is requested.
// closed: the close callback ran, the Consumer was told and let go.
#ifndef TSCB_CORE_CHANNEL_H_
#define TSCB_CORE_CHANNEL_H_

#include <uv.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <utility>

#include "tscb/core/gate.h"
#include "tscb/core/queue.h"
#include "tscb/core/slot_budget.h"
#include "tscb/core/task.h"
#include "tscb/core/types.h"

namespace tscb {
namespace detail {

struct ChannelOptions {
  std::size_t max_queue_size = 0;  // 0: unbounded
  std::size_t drain_limit = 0;     // 0: Channel::kDefaultDrainLimit
  KeepAlive keep_alive = KeepAlive::kAlways;
};

// The loop thread's side of a channel. Every call is on the loop thread.
class Consumer {
 public:
  // Once per wake-up that has work. False: JavaScript can no longer run here
  // (the environment is terminating): the channel stops running closures.
  virtual bool BeginDrain() = 0;
  // Before each batch of at most Channel::kBatchSize closures: returns the
  // context every Task of the batch is run with.
  virtual void* BeginBatch() = 0;
  // After each batch. False: stop, as for BeginDrain.
  virtual bool EndBatch() = 0;
  // After the last batch of a wake-up.
  virtual void EndDrain() = 0;
  // Once per wake-up that has work: calls drain(arg), which calls BeginDrain
  // to EndDrain, inside whatever the consumer wraps it in.
  virtual void RunDrain(void (*drain)(void*), void* arg) { drain(arg); }
  // The uv handle is closed: the last call the consumer gets.
  virtual void OnClosed() = 0;

 protected:
  ~Consumer() = default;
};

class Channel {
 public:
  static constexpr std::size_t kBatchSize = 64;
  static constexpr std::size_t kDefaultDrainLimit = 1024;

  // Loop thread. Starts the uv handle. The caller gets the first handle
  // reference. Returns nullptr with *uv_error set when libuv refuses.
  static Channel* Open(uv_loop_t* loop, const ChannelOptions& options, Consumer* consumer,
                       int* uv_error) {
    Channel* channel = new Channel(options, consumer);
    const int error = uv_async_init(loop, &channel->async_, &Channel::OnAsync);
    if (error != 0) {
      if (uv_error != nullptr) *uv_error = error;
      delete channel;
      return nullptr;
    }
    channel->ApplyKeepAlive();
    return channel;
  }

  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // ---- handle references: any thread ------------------------------------

  // The caller holds a handle already. Never fails.
  void AddHandle() noexcept {
    handles_.fetch_add(1, std::memory_order_relaxed);
    refs_.fetch_add(1, std::memory_order_relaxed);
  }

  // For a caller that holds no handle but keeps the channel's memory (a weak
  // reference): succeeds only while some handle still exists, so a released
  // channel stays released.
  bool TryAddHandle() noexcept {
    std::size_t count = handles_.load(std::memory_order_relaxed);
    do {
      if (count == 0) return false;
    } while (!handles_.compare_exchange_weak(count, count + 1, std::memory_order_acq_rel,
                                             std::memory_order_relaxed));
    refs_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }

  // The last handle dropped starts a graceful release: what was accepted
  // still runs, then the handle closes.
  void DropHandle() noexcept {
    if (handles_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      released_.store(true, std::memory_order_release);
      Wake();
    }
    Release();
  }

  // ---- weak references: any thread ---------------------------------------

  // A weak reference keeps the channel's memory, not the channel: no handle,
  // so the last handle still releases it, and TryAddHandle() then fails.
  // The caller holds a handle or a weak reference already. Never fails.
  void AddWeak() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

  // Drops a weak reference; the last reference of any kind frees the channel.
  void DropWeak() noexcept { Release(); }

  // False once the last handle was dropped: TryAddHandle() fails from then on.
  bool HasHandles() const noexcept { return handles_.load(std::memory_order_acquire) != 0; }

  // ---- producers: any thread ----------------------------------------------

  // Moves `task` into the queue and returns kOk, or leaves it with the caller
  // and returns why not. Never blocks unless `blocking` and the bounded queue
  // is full, and never blocks on the loop thread (kWouldDeadlock).
  Status Push(Task& task, bool blocking) {
    for (;;) {
      if (!gate_.Enter()) {
        rejected_closed_.fetch_add(1, std::memory_order_relaxed);
        return Status::kClosed;
      }
      if (budget_.TryReserve()) break;
      gate_.Leave();
      if (!blocking || OnLoopThread()) {
        rejected_full_.fetch_add(1, std::memory_order_relaxed);
        return blocking ? Status::kWouldDeadlock : Status::kQueueFull;
      }
      budget_.WaitForRoom([this] { return gate_.IsClosed(); });
    }
    if (!queue_.Enqueue(std::move(task))) {  // out of memory: not accepted
      budget_.Release(1);
      gate_.Leave();
      rejected_full_.fetch_add(1, std::memory_order_relaxed);
      return Status::kQueueFull;
    }
    if (gate_.LeaveAndPublish()) Wake();
    if (keep_alive_.load(std::memory_order_relaxed) == KeepAlive::kWhilePending &&
        OnLoopThread()) {
      ApplyKeepAlive();
    }
    return Status::kOk;
  }

  // Any thread; idempotent. On the loop thread, pending closures are destroyed
  // before it returns; elsewhere, on the loop's next turn.
  void Close() {
    if (OnLoopThread()) {
      CloseOnLoop(FinishReason::kClosed);
      return;
    }
    if (!gate_.Enter()) return;  // closed already
    // Before the gate, so that a drain under way starts at most the closure
    // it has already taken up once this returns (guarantee 4).
    close_requested_.store(true, std::memory_order_release);
    gate_.Close();
    Signal();  // still inside the gate: the handle cannot be closing yet
    gate_.Leave();
    budget_.WakeAll();
  }

  bool IsClosed() const noexcept { return gate_.IsClosed(); }

  // Any thread: producers waiting in a blocking call for room.
  std::size_t BlockedProducers() const noexcept { return budget_.Waiters(); }

  // Accepted closures not yet started. Never above max_queue_size when bounded.
  std::size_t Pending() const noexcept {
    if (budget_.Bounded()) return budget_.Used();
    const int64_t in_hand = static_cast<int64_t>(taken_.load(std::memory_order_relaxed)) -
                            static_cast<int64_t>(run_.load(std::memory_order_relaxed)) -
                            static_cast<int64_t>(dropped_.load(std::memory_order_relaxed));
    return static_cast<std::size_t>(std::max<int64_t>(0, std::max<int64_t>(0, gate_.Ready()) + in_hand));
  }

  Stats GetStats() const noexcept {
    Stats stats;
    stats.accepted = taken_.load(std::memory_order_relaxed) +
                     static_cast<uint64_t>(std::max<int64_t>(0, gate_.Ready()));
    stats.run = run_.load(std::memory_order_relaxed);
    stats.dropped = dropped_.load(std::memory_order_relaxed);
    stats.rejected_full = rejected_full_.load(std::memory_order_relaxed);
    stats.rejected_closed = rejected_closed_.load(std::memory_order_relaxed);
    stats.wakeups = wakeups_.load(std::memory_order_relaxed);
    stats.max_batch = max_batch_.load(std::memory_order_relaxed);
    return stats;
  }

  // Any thread: applied at once on the loop thread, on its next turn otherwise.
  void SetKeepAlive(KeepAlive mode) {
    keep_alive_.store(mode, std::memory_order_relaxed);
    if (OnLoopThread()) {
      ApplyKeepAlive();
    } else {
      Wake();
    }
  }

  bool OnLoopThread() const noexcept { return std::this_thread::get_id() == owner_; }

  // Why the channel closed: kReleased (graceful release, everything accepted
  // ran) or kClosed (Close()). Loop thread, once the close has started; the
  // core never says kTeardown: the environment is the consumer's business.
  FinishReason CloseReason() const noexcept { return close_reason_; }

  // Loop thread: re-applies keep-alive. For kWhilePending when the loop is
  // about to end: closures accepted from other threads while the handle was
  // unref'd keep it alive until they ran.
  void RefreshKeepAlive() noexcept { ApplyKeepAlive(); }

  std::size_t DrainLimit() const noexcept { return drain_limit_; }

 private:
  Channel(const ChannelOptions& options, Consumer* consumer)
      : owner_(std::this_thread::get_id()),
        drain_limit_(options.drain_limit == 0 ? kDefaultDrainLimit : options.drain_limit),
        keep_alive_(options.keep_alive),
        budget_(options.max_queue_size),
        consumer_(consumer),
        queue_token_(queue_.MakeConsumerToken()) {
    async_.data = this;
  }

  ~Channel() = default;

  void Release() noexcept {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // Any thread: makes sure the loop thread looks at this channel soon.
  void Wake() noexcept {
    if (!gate_.Enter()) return;  // closing: the loop thread has it in hand
    Signal();
    gate_.Leave();
  }

  // Inside the gate, or on the loop thread while the handle is open.
  void Signal() noexcept { uv_async_send(&async_); }

  // ---- the loop thread -----------------------------------------------------

  static void OnAsync(uv_async_t* handle) { static_cast<Channel*>(handle->data)->Drain(); }

  void Drain() {
    if (handle_closing_) return;
    wakeups_.store(wakeups_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (!close_started_ && !gate_.IsClosed() && !stopped_ && gate_.Ready() > 0) {
      in_drain_ = true;  // until the consumer's wrapping has unwound too
      consumer_->RunDrain(&Channel::RunClosuresOf, this);
      in_drain_ = false;
    }
    if (close_started_ || gate_.IsClosed()) {
      CloseOnLoop(FinishReason::kClosed);
      return;
    }
    if (stopped_) return;
    if (gate_.Ready() > 0) {
      Signal();  // more than drain_limit: yield to the loop, go on next turn
    } else if (released_.load(std::memory_order_acquire)) {
      CloseOnLoop(FinishReason::kReleased);  // graceful release: all accepted closures ran
      return;
    }
    ApplyKeepAlive();
  }

  static void RunClosuresOf(void* self) { static_cast<Channel*>(self)->RunClosures(); }

  void RunClosures() {
    std::size_t ran = 0;
    if (!consumer_->BeginDrain()) stopped_ = true;
    while (!stopped_ && !CloseRequested() && ran < drain_limit_) {
      const std::size_t count =
          queue_.TryDequeueBulk(queue_token_, batch_, std::min(kBatchSize, drain_limit_ - ran));
      if (count == 0) break;
      gate_.Take(count);
      taken_.store(taken_.load(std::memory_order_relaxed) + count, std::memory_order_relaxed);
      batch_next_ = 0;
      batch_end_ = count;
      void* context = consumer_->BeginBatch();
      std::size_t started = 0;
      // One load per closure of a line producers never write: a Close() from
      // any thread stops the drain before the next closure.
      while (batch_next_ < batch_end_ && !CloseRequested()) {
        Task& task = batch_[batch_next_++];
        run_.store(run_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        ++started;
        task.RunOnce(context);
      }
      ran += started;
      // Slots come back once per batch, not per closure: one write to the
      // line producers compare-and-swap on. (Dropped ones come back in
      // CountDropped.)
      budget_.Release(started);
      if (!consumer_->EndBatch()) stopped_ = true;
      budget_.NotifyWaiters();
    }
    consumer_->EndDrain();
    if (ran > max_batch_.load(std::memory_order_relaxed)) {
      max_batch_.store(ran, std::memory_order_relaxed);
    }
  }

  bool CloseRequested() const noexcept {
    return close_requested_.load(std::memory_order_acquire);
  }

  // Immediate close. Idempotent (the first reason stays); safe from inside a
  // running closure, where the uv handle's close waits until the drain has
  // unwound.
  void CloseOnLoop(FinishReason reason) {
    if (!close_started_) {
      close_started_ = true;
      close_reason_ = reason;
      close_requested_.store(true, std::memory_order_relaxed);
      gate_.Close();
      budget_.WakeAll();
      gate_.WaitUntilEmpty();
      DropInHand();
      DropQueued();
    }
    if (!in_drain_ && !handle_closing_) {
      handle_closing_ = true;
      uv_close(reinterpret_cast<uv_handle_t*>(&async_), &Channel::OnHandleClosed);
    }
  }

  void DropInHand() noexcept {
    while (batch_next_ < batch_end_) {
      Task& task = batch_[batch_next_++];
      task.Reset();
      CountDropped(1);
    }
  }

  void DropQueued() noexcept {
    // Not into batch_: a closure of the current batch may be running (it is
    // the one that closed), and its storage lives there.
    Task scratch[16];
    for (;;) {
      const std::size_t count = queue_.TryDequeueBulk(queue_token_, scratch, 16);
      if (count == 0) break;
      gate_.Take(count);
      taken_.store(taken_.load(std::memory_order_relaxed) + count, std::memory_order_relaxed);
      for (std::size_t i = 0; i < count; ++i) scratch[i].Reset();
      CountDropped(count);
    }
  }

  void CountDropped(std::size_t count) noexcept {
    budget_.Release(count);
    dropped_.store(dropped_.load(std::memory_order_relaxed) + count, std::memory_order_relaxed);
  }

  void ApplyKeepAlive() noexcept {
    if (handle_closing_) return;
    const KeepAlive mode = keep_alive_.load(std::memory_order_relaxed);
    const bool want = mode == KeepAlive::kAlways ||
                      (mode == KeepAlive::kWhilePending && gate_.Ready() > 0);
    uv_handle_t* handle = reinterpret_cast<uv_handle_t*>(&async_);
    if (want) {
      uv_ref(handle);
    } else {
      uv_unref(handle);
    }
  }

  static void OnHandleClosed(uv_handle_t* handle) {
    Channel* self = static_cast<Channel*>(handle->data);
    Consumer* consumer = std::exchange(self->consumer_, nullptr);
    consumer->OnClosed();
    self->Release();
  }

  // Members are grouped by who writes them, each group on its own cache
  // lines, so the JS thread's per-closure work never misses on a line that
  // producers keep writing.
  static constexpr std::size_t kLine = 64;

  // Read-mostly: written at creation, or rarely.
  const std::thread::id owner_;
  const std::size_t drain_limit_;
  std::atomic<KeepAlive> keep_alive_;
  // Set once by Close() (any thread): read by the drain before each closure.
  std::atomic<bool> close_requested_{false};

  // Producers and the consumer: two read-modify-writes per call.
  alignas(kLine) Gate gate_;
  // Bounded queues only (its counters sit on lines of their own).
  alignas(kLine) SlotBudget budget_;
  alignas(kLine) TaskQueue queue_;

  // Handles, and producers' rare paths.
  alignas(kLine) std::atomic<std::size_t> handles_{1};
  std::atomic<std::size_t> refs_{2};  // the first handle + the loop side
  std::atomic<bool> released_{false};
  std::atomic<uint64_t> rejected_full_{0};
  std::atomic<uint64_t> rejected_closed_{0};

  // Written by the loop thread only; atomics so that other threads may read.
  alignas(kLine) std::atomic<uint64_t> taken_{0};
  std::atomic<uint64_t> run_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> wakeups_{0};
  std::atomic<uint64_t> max_batch_{0};

  // The loop thread only.
  Consumer* consumer_;
  TaskQueue::ConsumerToken queue_token_;
  uv_async_t async_;
  bool in_drain_ = false;
  bool close_started_ = false;
  FinishReason close_reason_ = FinishReason::kClosed;
  bool handle_closing_ = false;
  bool stopped_ = false;
  std::size_t batch_next_ = 0;
  std::size_t batch_end_ = 0;
  Task batch_[kBatchSize];
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_CORE_CHANNEL_H_
