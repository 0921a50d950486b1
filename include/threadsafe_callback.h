// threadsafe-callback: call JavaScript from any thread.
//
//   auto cb = tscb::ThreadSafeCallback::New(fn);            // JS thread
//   std::thread([cb] {                                      // any thread
//     cb.Call([](Napi::Env env, Napi::Value self, Napi::Function fn) {
//       fn.Call(self, {Napi::Number::New(env, 42)});        // runs on the JS thread
//     });
//   }).detach();
//
// Producers enqueue closures into a lock-free queue; a uv_async handle drains
// them on the JS thread under handle scopes. The guarantees are numbered in
// docs/guarantees.md; this file is the synopsis, definitions are in
// threadsafe_callback-inl.h.
#ifndef THREADSAFE_CALLBACK_H_
#define THREADSAFE_CALLBACK_H_

#include <napi.h>

#include <cstddef>
#include <functional>
#include <future>
#include <string>
#include <type_traits>
#include <utility>

#include "tscb/config.h"
#include "tscb/core/channel.h"
#include "tscb/core/channel_ref.h"
#include "tscb/core/types.h"
#include "tscb/napi/closure.h"
#include "tscb/napi/env_registry.h"
#include "tscb/napi/js_error.h"
#include "tscb/napi/to_js.h"

namespace tscb {

// Status, KeepAlive, Stats and FinishReason: tscb/core/types.h. EnvKind and
// EnvExitHookToken: tscb/napi/env_registry.h. JsError: tscb/napi/js_error.h.

struct Options {
  // Accepted closures that have not started running, at most; 0: unbounded.
  std::size_t max_queue_size = 0;
  // Whether an open callback keeps the event loop alive.
  KeepAlive keep_alive = KeepAlive::kAlways;
  // Closures run per wake-up before yielding to the loop; 0: the default (1024).
  std::size_t drain_limit = 0;
  // Receives an exception escaping a closure instead of 'uncaughtException'.
  Napi::Function on_error;
  // Runs once, on the JS thread, when the callback is finished: every accepted
  // closure has run or been destroyed unrun. `reason` says why (kTeardown:
  // JavaScript can no longer be called, `env` is good only for cleanup).
  // Never on a producer thread; its exceptions are reported like a closure's.
  std::function<void(Napi::Env env, const tscb::Stats& stats, FinishReason reason)> on_finished;
  // The type of the callback's async resource, as async_hooks see it.
  std::string resource_name = "ThreadSafeCallback";
};

class ThreadSafeCallback {
 public:
  // An empty handle: every call returns kClosed. Any thread.
  ThreadSafeCallback() noexcept = default;

  // Captures `fn` and `receiver` (an object, a function, or undefined); a
  // TypeError for anything else, an empty `fn` included (an empty handle when
  // exceptions are off). With no value to take an environment from (`fn`,
  // `receiver` and `on_error` all empty) the TypeError goes to the calling
  // thread's environment when the library knows it (this addon made a callback
  // or exit hook there); otherwise an empty handle comes back, nothing thrown.
  // JS thread only: called on another thread of a known environment, it makes
  // no N-API call and returns an empty handle; called while the environment
  // tears down, it throws nothing and returns an empty handle. Allocates.
  static ThreadSafeCallback New(Napi::Function fn, Napi::Value receiver = Napi::Value(),
                                const Options& options = Options());

  // Every copy is a counted reference. Any thread. Never blocks.
  ThreadSafeCallback(const ThreadSafeCallback& other) noexcept = default;
  ThreadSafeCallback(ThreadSafeCallback&& other) noexcept = default;
  ThreadSafeCallback& operator=(const ThreadSafeCallback& other) noexcept = default;
  ThreadSafeCallback& operator=(ThreadSafeCallback&& other) noexcept = default;
  // Dropping the last reference closes gracefully: accepted closures still run.
  ~ThreadSafeCallback() = default;

  // Queues `closure`, run on the JS thread as closure(Napi::Env, Napi::Value
  // receiver, Napi::Function fn). kOk, kQueueFull or kClosed; a closure that is
  // not accepted is destroyed here before returning. Any thread. Never blocks;
  // no allocation for a closure of up to 40 bytes (detail::Task::kInlineSize).
  template <class F>
  Status Call(F&& closure) const;

  // Like Call, but waits while a bounded queue is full; on the JS thread it
  // returns kWouldDeadlock instead of waiting. Any thread.
  template <class F>
  Status BlockingCall(F&& closure) const;

#if TSCB_HAS_EXCEPTIONS
  // Like Call, for a closure that returns a value: the future gets it, or the
  // exception (JsError for a JS one), or broken_promise when the closure is not
  // accepted or is destroyed unrun. Any thread. Never blocks; allocates.
  template <class F, class R = std::invoke_result_t<std::decay_t<F>&, Napi::Env, Napi::Value,
                                                    Napi::Function>>
  std::future<R> CallWithResult(F&& closure) const;
#endif

  // Calls fn.call(receiver, ...args) on the JS thread; the arguments are
  // copied here and converted there (bool, integers, float, double,
  // std::string, const char*, std::vector<uint8_t> as a Buffer, nullptr as
  // null). Any thread. Never blocks.
  template <class... Args>
  Status Invoke(Args&&... args) const;

  // Immediate close: no closure runs after it returns on the JS thread;
  // pending ones are destroyed (now on the JS thread, on its next turn
  // otherwise). Idempotent. Any thread. Never blocks on the JS thread's work.
  void Close() const;

  // Any thread.
  bool IsClosed() const noexcept;

  // Accepted closures not yet started; approximate while producers run,
  // never above max_queue_size. Any thread.
  std::size_t Pending() const noexcept;

  // Counters since creation. Any thread.
  tscb::Stats Stats() const noexcept;

  // Keep the event loop alive (kAlways) or not (kNever). Meant for the JS
  // thread, where it applies at once; from another thread it is safe and
  // applies on the JS thread's next turn (the last change wins). No-ops on an
  // empty handle.
  void Ref() const;
  void Unref() const;

 private:
  friend class WeakCallback;
  explicit ThreadSafeCallback(detail::HandleRef channel) noexcept : channel_(std::move(channel)) {}

  template <class F>
  Status Push(F&& closure, bool blocking) const;

  detail::HandleRef channel_;
};

// A weak reference to a callback: it keeps the callback's control block
// (about 6 KB on x86-64) but no reference, so it never keeps the callback
// open, and the callback is released as if it were not there. Cheap to copy.
class WeakCallback {
 public:
  // Refers to nothing: Lock() gives an empty handle. Any thread.
  WeakCallback() noexcept = default;
  // Refers to `callback`'s callback (to nothing for an empty handle). Any
  // thread. Never blocks.
  explicit WeakCallback(const ThreadSafeCallback& callback) noexcept;

  // Any thread. Never blocks.
  WeakCallback(const WeakCallback& other) noexcept = default;
  WeakCallback(WeakCallback&& other) noexcept = default;
  WeakCallback& operator=(const WeakCallback& other) noexcept = default;
  WeakCallback& operator=(WeakCallback&& other) noexcept = default;
  ~WeakCallback() = default;

  // A new counted reference while the callback still has one somewhere (it
  // may be closed: its calls then return kClosed); an empty handle once its
  // last reference was dropped, and ever after. Any thread. Never blocks;
  // never allocates.
  ThreadSafeCallback Lock() const noexcept;

  // True once the callback's last reference was dropped (or for a weak
  // reference to nothing): Lock() gives an empty handle now and ever after.
  // False says nothing lasting: another thread may drop the last reference
  // at any moment. Any thread. Never blocks.
  bool Expired() const noexcept;

 private:
  detail::WeakRef channel_;
};

// Runs `hook(Napi::Env, EnvKind)` when `env` tears down, last added first,
// before that environment's callbacks are closed. JS thread only: on another
// thread of a known environment it adds nothing and returns an empty token.
template <class Hook>
EnvExitHookToken AddEnvExitHook(Napi::Env env, Hook hook);

// Removes a hook that has not run yet; false if there was none, or when
// called off the JS thread of a known environment. JS thread only.
bool RemoveEnvExitHook(Napi::Env env, EnvExitHookToken token);

}  // namespace tscb

#include "threadsafe_callback-inl.h"

#endif  // THREADSAFE_CALLBACK_H_
