// Admission and wake-up protocol of a channel, in one atomic word.
//
//   word = ready * 2^32 + inside * 2 + closed
//
// `closed` (bit 0) refuses new producers. `inside` counts producers between
// Enter() and their Leave*(): the consumer closes the uv handle and destroys
// the queue's contents only once it is zero, so no producer ever enqueues into,
// or signals, a channel that is being torn down. `ready` (signed, high half) is
// the number of published items the consumer has not taken; it can dip below
// zero when the consumer takes an item before its producer publishes it.
//
// Wake-up rule: a producer whose publish moves `ready` from 0 to 1 wakes the
// consumer; the consumer sleeps only after seeing `ready <= 0`. Every item must
// be published by a +1 step, so an item the consumer has not taken always has a
// 0 -> 1 step after the consumer's last look: no lost wake-up, one wake-up per
// empty -> non-empty transition.
#ifndef TSCB_CORE_GATE_H_
#define TSCB_CORE_GATE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>

namespace tscb {
namespace detail {

class Gate {
 public:
  // Any thread. Returns false, and leaves nothing behind, when closed.
  bool Enter() noexcept {
    const uint64_t before = word_.fetch_add(kInsideOne, std::memory_order_acq_rel);
    if ((before & kClosedBit) != 0) {
      word_.fetch_sub(kInsideOne, std::memory_order_release);
      return false;
    }
    return true;
  }

  // Any thread, after a successful Enter(), when nothing was enqueued.
  void Leave() noexcept { word_.fetch_sub(kInsideOne, std::memory_order_release); }

  // Any thread, after a successful Enter() and one enqueue: leaves and publishes
  // the item in one step. Returns true when the consumer may be asleep.
  bool LeaveAndPublish() noexcept {
    const uint64_t before =
        word_.fetch_add(kReadyOne - kInsideOne, std::memory_order_acq_rel);
    return ReadyOf(before) == 0;
  }

  // Any thread. Returns true for the one call that closed the gate.
  bool Close() noexcept {
    return (word_.fetch_or(kClosedBit, std::memory_order_acq_rel) & kClosedBit) == 0;
  }

  // Consumer only: it took `count` items out of the queue.
  void Take(std::size_t count) noexcept {
    word_.fetch_sub(static_cast<uint64_t>(count) * kReadyOne, std::memory_order_acq_rel);
  }

  // Consumer only, after Close(): waits for producers still inside to leave.
  // They are between two atomic steps around a non-blocking enqueue, so this
  // is short; it yields rather than spins on a busy machine.
  void WaitUntilEmpty() const noexcept {
    for (unsigned spins = 0; Inside(word_.load(std::memory_order_acquire)) != 0; ++spins) {
      if (spins > 64) std::this_thread::yield();
    }
  }

  bool IsClosed() const noexcept {
    return (word_.load(std::memory_order_acquire) & kClosedBit) != 0;
  }

  // Published items not yet taken; may be negative for a moment (see above).
  int64_t Ready() const noexcept { return ReadyOf(word_.load(std::memory_order_acquire)); }

 private:
  static constexpr uint64_t kClosedBit = 1;
  static constexpr uint64_t kInsideOne = 2;
  static constexpr uint64_t kReadyOne = uint64_t{1} << 32;

  static int64_t ReadyOf(uint64_t word) noexcept {
    // The low half is always a non-negative count below 2^32, so the high
    // half, read as a signed number, is exactly `ready`.
    return static_cast<int64_t>(word - (word & 0xffffffffu)) / static_cast<int64_t>(kReadyOne);
  }
  static uint64_t Inside(uint64_t word) noexcept { return (word & 0xffffffffu) >> 1; }

  std::atomic<uint64_t> word_{0};
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_CORE_GATE_H_
