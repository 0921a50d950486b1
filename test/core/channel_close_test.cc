// Guarantees 3 and 4 at the core: graceful release, immediate close, close
// from inside a closure, and close racing producers.
#include <chrono>
#include <memory>
#include <vector>

#include "test_support.h"

namespace tscb_test {
namespace {

TEST(Guarantee3, LastReferenceDroppedOnAProducerRunsEverythingThenTheLoopExits) {
  const std::size_t calls = Scaled(20000);
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  std::size_t ran = 0;
  Lives lives;
  std::thread producer([&, handle = callback]() mutable {
    for (std::size_t i = 0; i < calls; ++i) {
      ASSERT_EQ(handle.Call([&ran, probe = Probe(&lives)](void*) { ++ran; }), Status::kOk);
    }
    handle.Reset();  // the last reference, with closures still queued
  });
  callback.Reset();
  loop.Run();  // returns by itself once the handle has closed
  producer.join();
  EXPECT_EQ(ran, calls);
  EXPECT_EQ(consumer.closed, 1u);
  EXPECT_EQ(lives.made.load(), lives.destroyed.load());
  EXPECT_EQ(lives.destroyed_off_loop.load(), 0);
}

TEST(Guarantee4, CloseInsideAClosureStopsEverythingAfterIt) {
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  Channel* channel = callback.get();
  Lives lives;
  std::size_t ran = 0;
  for (int i = 0; i < 300; ++i) {  // more than one batch
    ASSERT_EQ(callback.Call([&ran, i, channel, probe = Probe(&lives)](void*) {
      ++ran;
      if (i == 9) channel->Close();
    }),
              Status::kOk);
  }
  loop.Run();
  EXPECT_EQ(ran, 10u);
  const tscb::Stats stats = callback->GetStats();
  EXPECT_EQ(stats.accepted, 300u);
  EXPECT_EQ(stats.run, 10u);
  EXPECT_EQ(stats.dropped, stats.accepted - stats.run);
  EXPECT_EQ(lives.destroyed.load(), 300);
  EXPECT_EQ(lives.destroyed_off_loop.load(), 0);
  EXPECT_EQ(consumer.closed, 1u);
  EXPECT_EQ(callback.Call([](void*) {}), Status::kClosed);
}

TEST(Guarantee4, CloseFromAnotherThreadDropsPendingOnTheLoopThread) {
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  Lives lives;
  std::size_t ran = 0;
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(callback.Call([&ran, probe = Probe(&lives)](void*) { ++ran; }), Status::kOk);
  }
  std::thread([handle = callback] { handle->Close(); }).join();
  EXPECT_TRUE(callback->IsClosed());
  EXPECT_EQ(callback.Call([probe = Probe(&lives)](void*) {}), Status::kClosed);
  loop.Run();
  EXPECT_EQ(ran, 0u);
  EXPECT_EQ(callback->GetStats().dropped, 50u);
  EXPECT_EQ(lives.made.load(), 51);
  EXPECT_EQ(lives.destroyed.load(), 51);
  EXPECT_EQ(lives.destroyed_off_loop.load(), 0) << "the refused one died here, on the loop thread";
}

TEST(Guarantee4, DroppingTheLastReferenceInsideAClosureStillRunsTheRest) {
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  auto holder = std::make_unique<Handle>(OpenChannel(loop, consumer));
  std::size_t ran = 0;
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(holder->Call([&ran, &holder, i](void*) {
      ++ran;
      if (i == 0) holder.reset();  // self-destruction: graceful
    }),
              Status::kOk);
  }
  loop.Run();
  EXPECT_EQ(ran, 100u);
  EXPECT_EQ(consumer.closed, 1u);
}

TEST(Guarantee1, CloseRacingFourProducersAccountsForEveryClosure) {
  constexpr int kThreads = 4;
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  Lives lives;
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> refused{0};
  std::size_t ran = 0;
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&, handle = callback] {
      for (;;) {
        Status status = handle.Call([&ran, probe = Probe(&lives)](void*) { ++ran; });
        if (status != Status::kOk) {
          refused.fetch_add(1);
          return;
        }
        accepted.fetch_add(1);
      }
    });
  }
  while (ran < Scaled(50000)) uv_run(loop.get(), UV_RUN_ONCE);
  callback->Close();
  for (auto& producer : producers) producer.join();
  loop.Run();
  const tscb::Stats stats = callback->GetStats();
  EXPECT_EQ(stats.accepted, accepted.load());
  EXPECT_EQ(stats.run, ran);
  EXPECT_EQ(stats.run + stats.dropped, stats.accepted);
  EXPECT_EQ(stats.rejected_closed, refused.load());
  EXPECT_EQ(refused.load(), static_cast<uint64_t>(kThreads));
  EXPECT_EQ(lives.made.load(), lives.destroyed.load());
  EXPECT_EQ(lives.destroyed_off_loop.load(), static_cast<int64_t>(refused.load()));
}

TEST(Channel, ATokenCannotReviveAReleasedChannel) {
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  Channel* channel = callback.get();
  ASSERT_TRUE(channel->TryAddHandle()) << "redeemed while a handle exists";
  Handle second = Handle::Adopt(channel);
  callback.Reset();
  second.Reset();  // all handles gone: released; the loop side still holds the memory
  EXPECT_FALSE(channel->TryAddHandle());
  loop.Run();
  EXPECT_EQ(consumer.closed, 1u);
}

}  // namespace
}  // namespace tscb_test
