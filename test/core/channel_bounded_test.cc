// Guarantee 12 at the core: a bounded queue rejects or blocks, wakes every
// blocked producer as room appears, and releases them all on close.
#include <vector>

#include "test_support.h"

namespace tscb_test {
namespace {

ChannelOptions Bounded(std::size_t size) {
  ChannelOptions options;
  options.max_queue_size = size;
  return options;
}

TEST(Guarantee12, FullQueueRejectsAndTheLoopThreadGetsWouldDeadlock) {
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer, Bounded(16));
  std::size_t ran = 0;
  for (int i = 0; i < 16; ++i) ASSERT_EQ(callback.Call([&ran](void*) { ++ran; }), Status::kOk);
  EXPECT_EQ(callback.Call([&ran](void*) { ++ran; }), Status::kQueueFull);
  EXPECT_EQ(callback.Call([&ran](void*) { ++ran; }, /*blocking=*/true), Status::kWouldDeadlock);
  EXPECT_EQ(callback->Pending(), 16u);
  EXPECT_EQ(callback->GetStats().rejected_full, 2u);
  while (ran < 16) uv_run(loop.get(), UV_RUN_ONCE);
  EXPECT_EQ(callback->Pending(), 0u);
  EXPECT_EQ(callback.Call([&ran](void*) { ++ran; }), Status::kOk) << "room again";
  callback->Close();
}

TEST(Guarantee12, EightBlockedProducersAllFinishAndPendingNeverExceedsTheBound) {
  constexpr int kThreads = 8;
  const std::size_t per_thread = Scaled(2000);
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer, Bounded(16));
  std::size_t ran = 0;
  std::size_t most_pending = 0;
  Channel* channel = callback.get();
  std::vector<std::thread> producers;
  std::atomic<std::size_t> accepted{0};
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&, handle = callback] {
      for (std::size_t i = 0; i < per_thread; ++i) {
        Status status = handle.Call(
            [&ran, &most_pending, channel](void*) {
              most_pending = std::max(most_pending, channel->Pending());
              ++ran;
            },
            /*blocking=*/true);
        if (status == Status::kOk) accepted.fetch_add(1);
      }
    });
  }
  while (ran < kThreads * per_thread) uv_run(loop.get(), UV_RUN_ONCE);
  for (auto& producer : producers) producer.join();
  EXPECT_EQ(accepted.load(), kThreads * per_thread) << "BlockingCall never gives up while open";
  EXPECT_EQ(ran, kThreads * per_thread);
  EXPECT_LE(most_pending, 16u);
  EXPECT_EQ(callback->GetStats().rejected_full, 0u);
  callback->Close();
}

TEST(Guarantee12, CloseReleasesEveryBlockedProducerWithClosed) {
  constexpr int kThreads = 8;
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer, Bounded(4));
  Lives lives;
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(callback.Call([probe = Probe(&lives)](void*) { FAIL(); }), Status::kOk);
  }
  std::atomic<int> returned{0};
  std::vector<Status> statuses(kThreads, Status::kOk);
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&, t, handle = callback] {
      statuses[t] = handle.Call([probe = Probe(&lives)](void*) { FAIL(); }, /*blocking=*/true);
      returned.fetch_add(1);
    });
  }
  while (callback->BlockedProducers() < kThreads) std::this_thread::yield();
  EXPECT_EQ(returned.load(), 0) << "all are blocked on the full queue";
  callback->Close();
  for (auto& producer : producers) producer.join();
  for (Status status : statuses) EXPECT_EQ(status, Status::kClosed);
  const tscb::Stats stats = callback->GetStats();
  EXPECT_EQ(stats.dropped, 4u);
  EXPECT_EQ(stats.rejected_closed, static_cast<uint64_t>(kThreads));
  EXPECT_EQ(lives.made.load(), lives.destroyed.load());
  EXPECT_EQ(lives.destroyed_off_loop.load(), kThreads) << "refused closures die on their producer";
}

}  // namespace
}  // namespace tscb_test
