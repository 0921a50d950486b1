// Guarantee 4 across threads: a Close() made on another thread while the loop
// thread is in the middle of a drain stops that drain. After Close() returns
// there, the loop thread starts at most the one closure it had already taken
// up; every other accepted closure is destroyed unrun, exactly once. And the
// reason a channel gives for its close.
#include <atomic>
#include <thread>

#include "test_support.h"

namespace tscb_test {
namespace {

// Spins politely: the machine may be busy with other work.
template <class Predicate>
void WaitFor(Predicate predicate) {
  while (!predicate()) std::this_thread::yield();
}

TEST(Guarantee4, CloseFromAnotherThreadMidDrainStartsNothingAfterItReturns) {
  const uint64_t backlog = Scaled(3000);
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  Lives lives;
  std::atomic<uint64_t> accepted{0};
  std::atomic<bool> go{false};
  std::atomic<bool> close_returned{false};
  std::size_t ran = 0;
  std::size_t ran_after_close = 0;
  // One thread floods until it is refused.
  std::thread producer([&, handle = callback] {
    for (;;) {
      const Status status = handle.Call([&, probe = Probe(&lives)](void*) {
        ++ran;
        if (close_returned.load(std::memory_order_acquire)) ++ran_after_close;
        if (ran == 1) {  // mid-drain, with a backlog: another thread closes now
          WaitFor([&] { return accepted.load() >= backlog; });
          go.store(true);
          WaitFor([&] { return close_returned.load(std::memory_order_acquire); });
        }
      });
      if (status != Status::kOk) return;
      accepted.fetch_add(1);
    }
  });
  std::thread closer([&, handle = callback] {
    WaitFor([&] { return go.load(); });
    handle->Close();
    close_returned.store(true, std::memory_order_release);
  });
  loop.Run();  // returns once the closed handle is gone
  producer.join();
  closer.join();
  EXPECT_EQ(ran, 1u) << "only the closure that was running when Close() landed";
  EXPECT_EQ(ran_after_close, 0u);
  const tscb::Stats stats = callback->GetStats();
  EXPECT_GE(stats.accepted, backlog);
  EXPECT_EQ(stats.accepted, accepted.load());
  EXPECT_EQ(stats.run, 1u);
  EXPECT_EQ(stats.dropped, stats.accepted - 1);
  EXPECT_EQ(stats.rejected_closed, 1u);
  EXPECT_EQ(lives.made.load(), lives.destroyed.load()) << "every capture destroyed once";
  EXPECT_EQ(lives.destroyed_off_loop.load(), 1) << "only the refused one, on its producer";
  EXPECT_EQ(consumer.closed, 1u);
  EXPECT_EQ(callback->CloseReason(), tscb::FinishReason::kClosed);
}

TEST(Guarantee4, CloseFromAnotherThreadRacingADrainStartsAtMostOneMoreClosure) {
  for (int round = 0; round < 20; ++round) {
    CountingConsumer consumer;  // outlives the loop: its close callback reports here
    Loop loop;
    Handle callback = OpenChannel(loop, consumer);
    Lives lives;
    std::atomic<uint64_t> accepted{0};
    std::atomic<std::size_t> ran{0};
    std::atomic<bool> close_returned{false};
    std::size_t ran_after_close = 0;
    std::thread producer([&, handle = callback] {
      for (;;) {
        const Status status = handle.Call([&, probe = Probe(&lives)](void*) {
          ran.fetch_add(1);
          if (close_returned.load(std::memory_order_acquire)) ++ran_after_close;
        });
        if (status != Status::kOk) return;
        accepted.fetch_add(1);
      }
    });
    std::thread closer([&, handle = callback] {
      WaitFor([&] { return ran.load() >= 100; });  // the loop is draining
      handle->Close();
      close_returned.store(true, std::memory_order_release);
    });
    loop.Run();
    producer.join();
    closer.join();
    EXPECT_LE(ran_after_close, 1u) << "round " << round;
    const tscb::Stats stats = callback->GetStats();
    EXPECT_EQ(stats.accepted, accepted.load());
    EXPECT_EQ(stats.run, ran.load());
    EXPECT_EQ(stats.run + stats.dropped, stats.accepted);
    EXPECT_EQ(lives.made.load(), lives.destroyed.load());
  }
}

TEST(Channel, CloseReasonSaysReleasedAfterTheLastHandleGoesOnAProducer) {
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  consumer.watched = callback.get();
  std::size_t ran = 0;
  for (int i = 0; i < 10; ++i) ASSERT_EQ(callback.Call([&ran](void*) { ++ran; }), Status::kOk);
  std::thread([handle = std::move(callback)]() mutable { handle.Reset(); }).join();
  loop.Run();
  EXPECT_EQ(ran, 10u);
  EXPECT_EQ(consumer.closed, 1u);
  EXPECT_EQ(consumer.reason, tscb::FinishReason::kReleased);
}

TEST(Channel, CloseReasonSaysClosedForACloseOnTheLoopThread) {
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  consumer.watched = callback.get();
  callback->Close();
  callback.Reset();  // a release after the close does not change the reason
  loop.Run();
  EXPECT_EQ(consumer.closed, 1u);
  EXPECT_EQ(consumer.reason, tscb::FinishReason::kClosed);
}

}  // namespace
}  // namespace tscb_test
