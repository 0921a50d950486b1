// closeMidDrain(fn, backlog): guarantee 4 across threads. One producer thread
// floods a new callback around `fn` until it is refused. The first closure to
// run (the JS thread is now mid-drain) waits until `backlog` closures were
// accepted, lets a closer thread Close() the callback, and waits until that
// Close() has returned. Every closure calls fn(startedAfterClose) once it ran.
// Returns { join(), stats(), destroyed() }:
//   join(): joins both threads; { accepted, refused }
//   stats(): the callback's Stats() as in Harness#stats
//   destroyed(): { all, unrun } destructions of the closures so far
#include <atomic>
#include <memory>
#include <thread>

#include "harness.h"

namespace {

struct Flags {
  uint64_t backlog = 0;
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> refused{0};
  std::atomic<bool> go{false};
  std::atomic<bool> close_returned{false};
  std::atomic<bool> abandoned{false};
  uint64_t started = 0;  // JS thread only
};

struct CrossClose {
  tscb::ThreadSafeCallback callback;
  std::shared_ptr<Flags> flags = std::make_shared<Flags>();
  std::shared_ptr<Destructions> destructions = std::make_shared<Destructions>();
  std::thread producer;
  std::thread closer;

  void Join() {
    if (producer.joinable()) producer.join();
    if (closer.joinable()) closer.join();
  }
  ~CrossClose() {  // never joined by the test (teardown): let both threads end
    flags->abandoned = true;
    callback.Close();
    Join();
  }
};

template <class Predicate>
void WaitFor(Predicate predicate) {
  while (!predicate()) std::this_thread::yield();
}

void Flood(tscb::ThreadSafeCallback callback, std::shared_ptr<Flags> flags,
           std::shared_ptr<Destructions> destructions) {
  for (;;) {
    const tscb::Status status = callback.Call(
        [flags, probe = DestructionProbe(destructions)](Napi::Env env, Napi::Value receiver,
                                                        Napi::Function fn) mutable {
          probe.MarkRan();
          const bool after_close = flags->close_returned.load(std::memory_order_acquire);
          if (++flags->started == 1) {
            WaitFor([&] { return flags->accepted.load() >= flags->backlog; });
            flags->go = true;
            WaitFor([&] { return flags->close_returned.load(std::memory_order_acquire); });
          }
          fn.Call(receiver, {Napi::Boolean::New(env, after_close)});
        });
    if (status != tscb::Status::kOk) {
      flags->refused.fetch_add(1);
      return;
    }
    flags->accepted.fetch_add(1);
  }
}

Napi::Value CloseMidDrain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto state = std::make_shared<CrossClose>();
  state->flags->backlog = static_cast<uint64_t>(info[1].As<Napi::Number>().Int64Value());
  state->callback = tscb::ThreadSafeCallback::New(info[0].As<Napi::Function>());
  state->producer = std::thread(Flood, state->callback, state->flags, state->destructions);
  state->closer = std::thread([callback = state->callback, flags = state->flags] {
    WaitFor([&] { return flags->go.load() || flags->abandoned.load(); });
    callback.Close();
    flags->close_returned.store(true, std::memory_order_release);
  });
  Napi::Object result = Napi::Object::New(env);
  result.Set("join", Napi::Function::New(env, [state](const Napi::CallbackInfo& info) {
    state->Join();
    Napi::Object counts = Napi::Object::New(info.Env());
    counts.Set("accepted", static_cast<double>(state->flags->accepted.load()));
    counts.Set("refused", static_cast<double>(state->flags->refused.load()));
    return counts;
  }));
  result.Set("stats", Napi::Function::New(env, [state](const Napi::CallbackInfo& info) {
    return StatsToObject(info.Env(), state->callback.Stats());
  }));
  result.Set("destroyed", Napi::Function::New(env, [state](const Napi::CallbackInfo& info) {
    Napi::Object result = Napi::Object::New(info.Env());
    result.Set("all", static_cast<double>(state->destructions->count.load()));
    result.Set("unrun", static_cast<double>(state->destructions->unrun.load()));
    return result;
  }));
  return result;
}

}  // namespace

void InitCrossClose(Napi::Env env, Napi::Object exports) {
  exports.Set("closeMidDrain", Napi::Function::New(env, CloseMidDrain));
}
