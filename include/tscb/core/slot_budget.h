// The bound of a bounded queue, and the waiting room of BlockingCall.
//
// A slot is taken when a closure is accepted and given back once the batch it
// started in has run (or when it is destroyed unrun), so `Used()` never
// exceeds the limit. The fast path is one compare-and-swap; only blocked
// producers touch the mutex.
#ifndef TSCB_CORE_SLOT_BUDGET_H_
#define TSCB_CORE_SLOT_BUDGET_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace tscb {
namespace detail {

class SlotBudget {
 public:
  // `limit` 0 means unbounded: every reservation succeeds and nothing is counted.
  explicit SlotBudget(std::size_t limit) noexcept : limit_(limit) {}

  bool Bounded() const noexcept { return limit_ != 0; }
  // Any thread: producers in WaitForRoom() now (for tests and diagnostics).
  std::size_t Waiters() const noexcept { return waiters_.load(std::memory_order_relaxed); }
  std::size_t Used() const noexcept { return used_.load(std::memory_order_relaxed); }

  // Any thread. Never blocks.
  bool TryReserve() noexcept {
    if (!Bounded()) return true;
    std::size_t used = used_.load(std::memory_order_relaxed);
    do {
      if (used >= limit_) return false;
    } while (!used_.compare_exchange_weak(used, used + 1, std::memory_order_seq_cst,
                                          std::memory_order_relaxed));
    return true;
  }

  // Any thread: gives back slots. Waiters are woken by NotifyWaiters().
  void Release(std::size_t count) noexcept {
    if (Bounded() && count != 0) used_.fetch_sub(count, std::memory_order_seq_cst);
  }

  // Any thread: wakes every blocked producer if there is one. Call after
  // Release(): room appeared.
  void NotifyWaiters() {
    // Paired with the seq_cst increment in WaitForRoom: either the waiter sees
    // the room, or this load sees the waiter.
    if (waiters_.load(std::memory_order_seq_cst) == 0) return;
    std::lock_guard<std::mutex> lock(mutex_);
    room_.notify_all();
  }

  // Any thread: wakes every blocked producer, unconditionally. For close: a
  // waiter checks `stop()` under the mutex, so it either sees the close or is
  // already waiting when this notifies.
  void WakeAll() {
    std::lock_guard<std::mutex> lock(mutex_);
    room_.notify_all();
  }

  // Any thread but the consumer's. Blocks until a slot may be free or `stop()`
  // returns true. The caller then retries its reservation.
  template <class StopFn>
  void WaitForRoom(StopFn&& stop) {
    std::unique_lock<std::mutex> lock(mutex_);
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    while (used_.load(std::memory_order_seq_cst) >= limit_ && !stop()) room_.wait(lock);
    waiters_.fetch_sub(1, std::memory_order_relaxed);
  }

 private:
  const std::size_t limit_;  // read on every call: kept off the written lines
  alignas(64) std::atomic<std::size_t> used_{0};
  std::atomic<std::size_t> waiters_{0};
  std::mutex mutex_;
  std::condition_variable room_;
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_CORE_SLOT_BUDGET_H_
