// Weak references (the core of tscb::WeakCallback): they keep the channel's
// memory, never the channel; TryAddHandle() upgrades one while a handle
// exists, and never after the last handle was dropped.
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "test_support.h"

namespace tscb_test {
namespace {

// A weak reference as WeakCallback holds one.
class Weak {
 public:
  explicit Weak(const Handle& handle) : channel_(handle.get()) { channel_->AddWeak(); }
  Weak(const Weak&) = delete;
  Weak& operator=(const Weak&) = delete;
  ~Weak() { channel_->DropWeak(); }
  Handle Lock() const { return channel_->TryAddHandle() ? Handle::Adopt(channel_) : Handle(); }
  bool Expired() const { return !channel_->HasHandles(); }

 private:
  Channel* channel_;
};

TEST(ChannelWeak, LockGivesAHandleWhileOneExistsAndNothingAfterTheLast) {
  CountingConsumer consumer;
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  Weak weak(callback);
  EXPECT_FALSE(weak.Expired());
  {
    Handle locked = weak.Lock();
    ASSERT_NE(locked.get(), nullptr);
    EXPECT_EQ(locked.get(), callback.get());
    int ran = 0;
    EXPECT_EQ(locked.Call([&ran](void*) { ++ran; }), Status::kOk);
    loop.RunOnce();
    EXPECT_EQ(ran, 1);
  }
  callback.Reset();  // the last handle: a graceful release, whatever the weak reference
  EXPECT_TRUE(weak.Expired());
  EXPECT_EQ(weak.Lock().get(), nullptr);
  loop.Run();
  EXPECT_EQ(consumer.closed, 1u) << "a weak reference does not keep the channel open";
  EXPECT_TRUE(weak.Expired());
  EXPECT_EQ(weak.Lock().get(), nullptr);
}  // the weak reference frees the channel here (ASan/valgrind: nothing leaks)

TEST(ChannelWeak, TheMemoryGoesWithTheLastReferenceOfAnyKind) {
  CountingConsumer consumer;
  Loop loop;
  auto weak = std::make_unique<Weak>(OpenChannel(loop, consumer));  // the handle dies at once
  EXPECT_TRUE(weak->Expired());
  loop.Run();
  EXPECT_EQ(consumer.closed, 1u);
  weak.reset();  // the last reference: frees the channel
}

TEST(ChannelWeak, LocksRacingTheLastDropNeverReviveAReleasedChannel) {
  constexpr int kThreads = 4;
  const std::size_t rounds = Scaled(2000);
  for (std::size_t round = 0; round < rounds; ++round) {
    CountingConsumer consumer;
    Loop loop;
    Handle callback = OpenChannel(loop, consumer);
    Weak weak(callback);
    std::atomic<bool> go{false};
    std::atomic<int> locked_after_expiry{0};
    std::vector<std::thread> lockers;
    for (int i = 0; i < kThreads; ++i) {
      lockers.emplace_back([&] {
        while (!go.load()) std::this_thread::yield();
        for (int n = 0; n < 50; ++n) {
          const bool expired_before = weak.Expired();
          Handle handle = weak.Lock();
          if (expired_before && handle.get() != nullptr) locked_after_expiry.fetch_add(1);
        }
      });
    }
    go.store(true);
    callback.Reset();
    for (auto& locker : lockers) locker.join();
    EXPECT_TRUE(weak.Expired());
    EXPECT_EQ(locked_after_expiry.load(), 0);
    loop.Run();
    ASSERT_EQ(consumer.closed, 1u);
  }
}

}  // namespace
}  // namespace tscb_test
