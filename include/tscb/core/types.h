// Plain value types shared by the core and the public API. No N-API here.
#ifndef TSCB_CORE_TYPES_H_
#define TSCB_CORE_TYPES_H_

#include <cstddef>
#include <cstdint>

namespace tscb {

// Result of a call.
enum class Status {
  kOk,             // accepted: it will run exactly once, or be destroyed unrun on close
  kClosed,         // not accepted: the callback is closed, released, or empty
  kQueueFull,      // not accepted: the bounded queue is full
  kWouldDeadlock,  // not accepted: BlockingCall on the JS thread with a full queue
};

// Whether an open callback keeps its event loop alive.
enum class KeepAlive {
  kAlways,        // like a ref'd timer (the default)
  kWhilePending,  // only while accepted closures wait to run
  kNever,         // like an unref'd timer
};

// Why a callback finished (Options::on_finished).
enum class FinishReason {
  kReleased,  // the last reference was dropped and everything accepted ran
  kClosed,    // Close()
  kTeardown,  // the environment is tearing down: JavaScript can no longer run
};

// Counters since creation; approximate while producers run, exact when quiet.
struct Stats {
  uint64_t accepted = 0;         // calls that returned kOk
  uint64_t run = 0;              // closures that ran
  uint64_t dropped = 0;          // accepted closures destroyed unrun
  uint64_t rejected_full = 0;    // kQueueFull and kWouldDeadlock
  uint64_t rejected_closed = 0;  // kClosed
  uint64_t wakeups = 0;          // times the JS thread woke to drain
  uint64_t max_batch = 0;        // most closures run in one wake-up
};

}  // namespace tscb

#endif  // TSCB_CORE_TYPES_H_
