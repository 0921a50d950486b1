// Shared pieces of the core tests: a loop, a consumer that counts, handles,
// and closures that count their own lives.
#ifndef TSCB_TEST_CORE_TEST_SUPPORT_H_
#define TSCB_TEST_CORE_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <uv.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <thread>
#include <utility>

#include "tscb/core/channel.h"

namespace tscb_test {

using tscb::Status;
using tscb::detail::Channel;
using tscb::detail::ChannelOptions;
using tscb::detail::Task;

// Workloads shrink under sanitizers and valgrind: TSCB_TEST_SCALE=10 divides by 10.
inline std::size_t Scaled(std::size_t count) {
  const char* scale = std::getenv("TSCB_TEST_SCALE");
  const std::size_t divisor = scale != nullptr ? std::strtoul(scale, nullptr, 10) : 1;
  return divisor > 1 ? std::max<std::size_t>(count / divisor, 1) : count;
}

// What a task receives: the consumer itself.
class CountingConsumer final : public tscb::detail::Consumer {
 public:
  bool BeginDrain() override {
    ++drains;
    return !stop_running;
  }
  void* BeginBatch() override {
    ++batches;
    return this;
  }
  bool EndBatch() override { return !stop_running; }
  void EndDrain() override {
    if (on_end_drain) on_end_drain();
  }
  void OnClosed() override {
    ++closed;
    if (watched != nullptr) reason = watched->CloseReason();
  }

  std::size_t drains = 0;
  std::size_t batches = 0;
  std::size_t closed = 0;
  bool stop_running = false;
  void (*on_end_drain)() = nullptr;
  const Channel* watched = nullptr;  // its CloseReason() is kept in `reason` at close
  tscb::FinishReason reason = tscb::FinishReason::kTeardown;
};

// A loop owned by the test's thread, which is the channel's loop thread.
class Loop {
 public:
  Loop() { EXPECT_EQ(uv_loop_init(&loop_), 0); }
  ~Loop() {
    uv_run(&loop_, UV_RUN_DEFAULT);  // let close callbacks finish
    EXPECT_EQ(uv_loop_close(&loop_), 0) << "a handle was left open";
  }
  uv_loop_t* get() { return &loop_; }
  void Run() { uv_run(&loop_, UV_RUN_DEFAULT); }
  void RunOnce() { uv_run(&loop_, UV_RUN_NOWAIT); }

 private:
  uv_loop_t loop_;
};

// A counted reference, like tscb::ThreadSafeCallback.
class Handle {
 public:
  Handle() = default;
  static Handle Adopt(Channel* channel) {
    Handle handle;
    handle.channel_ = channel;
    return handle;
  }
  Handle(const Handle& other) : channel_(other.channel_) {
    if (channel_ != nullptr) channel_->AddHandle();
  }
  Handle(Handle&& other) noexcept : channel_(std::exchange(other.channel_, nullptr)) {}
  Handle& operator=(Handle other) noexcept {
    std::swap(channel_, other.channel_);
    return *this;
  }
  ~Handle() { Reset(); }
  void Reset() {
    if (channel_ != nullptr) std::exchange(channel_, nullptr)->DropHandle();
  }
  Channel* operator->() const { return channel_; }
  Channel* get() const { return channel_; }

  template <class F>
  Status Call(F&& fn, bool blocking = false) const {
    Task task(std::forward<F>(fn));
    return channel_->Push(task, blocking);
  }

 private:
  Channel* channel_ = nullptr;
};

inline Handle OpenChannel(Loop& loop, CountingConsumer& consumer, ChannelOptions options = {}) {
  int error = 0;
  Channel* channel = Channel::Open(loop.get(), options, &consumer, &error);
  EXPECT_NE(channel, nullptr) << uv_strerror(error);
  return Handle::Adopt(channel);
}

// Counts the lives of closures: every one made is destroyed exactly once.
struct Lives {
  std::atomic<int64_t> made{0};
  std::atomic<int64_t> destroyed{0};
  std::atomic<int64_t> destroyed_off_loop{0};
  std::thread::id loop_thread = std::this_thread::get_id();
};

class Probe {
 public:
  explicit Probe(Lives* lives) : lives_(lives) { lives_->made.fetch_add(1); }
  Probe(const Probe& other) : lives_(other.lives_) { lives_->made.fetch_add(1); }
  Probe(Probe&& other) noexcept : lives_(std::exchange(other.lives_, nullptr)) {}
  Probe& operator=(const Probe&) = delete;
  Probe& operator=(Probe&&) = delete;
  ~Probe() {
    if (lives_ == nullptr) return;
    lives_->destroyed.fetch_add(1);
    if (std::this_thread::get_id() != lives_->loop_thread) lives_->destroyed_off_loop.fetch_add(1);
  }

 private:
  Lives* lives_;
};

}  // namespace tscb_test

#endif  // TSCB_TEST_CORE_TEST_SUPPORT_H_
