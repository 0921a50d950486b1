// Guarantees 1, 2 and 9 at the core: every accepted closure runs once, in
// per-producer order, with no lost wake-up.
#include <chrono>
#include <vector>

#include "test_support.h"

namespace tscb_test {
namespace {

struct Ledger {  // the loop thread's record of what ran
  std::vector<int64_t> last;
  std::size_t ran = 0;
  std::size_t out_of_order = 0;
};

TEST(Guarantee1And2, FourProducersEachValueOnceInPerThreadOrder) {
  constexpr int kThreads = 4;
  const std::size_t per_thread = Scaled(250000);
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  Ledger ledger;
  ledger.last.assign(kThreads, -1);
  Lives lives;

  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&, t, handle = callback] {
      for (std::size_t i = 0; i < per_thread; ++i) {
        Status status = handle.Call([&ledger, t, i, probe = Probe(&lives)](void*) {
          if (ledger.last[t] + 1 != static_cast<int64_t>(i)) ++ledger.out_of_order;
          ledger.last[t] = static_cast<int64_t>(i);
          ++ledger.ran;
        });
        ASSERT_EQ(status, Status::kOk);
      }
    });
  }
  while (ledger.ran < kThreads * per_thread) uv_run(loop.get(), UV_RUN_ONCE);
  for (auto& producer : producers) producer.join();

  EXPECT_EQ(ledger.ran, kThreads * per_thread);
  EXPECT_EQ(ledger.out_of_order, 0u);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(ledger.last[t], static_cast<int64_t>(per_thread) - 1);
  tscb::Stats stats = callback->GetStats();
  EXPECT_EQ(stats.accepted, kThreads * per_thread);
  EXPECT_EQ(stats.run, stats.accepted);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(callback->Pending(), 0u);
  EXPECT_LE(stats.max_batch, callback->DrainLimit());
  EXPECT_EQ(lives.made.load(), lives.destroyed.load());
  EXPECT_EQ(lives.destroyed_off_loop.load(), 0) << "accepted closures die on the loop thread";
  callback->Close();
}

TEST(Guarantee9, PingPongNeverLosesAWakeUp) {
  // Each call lands in an empty queue, so each needs a wake-up; a lost one
  // would leave the producer waiting forever (caught by its hang guard, a
  // minute per round: far beyond a slow machine, for a round of microseconds).
  const int rounds = static_cast<int>(Scaled(5000));
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  std::atomic<int> ran{0};
  std::atomic<bool> timed_out{false};
  std::thread producer([&, handle = callback] {
    for (int i = 0; i < rounds; ++i) {
      ASSERT_EQ(handle.Call([&ran](void*) { ran.fetch_add(1); }), Status::kOk);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (ran.load() != i + 1) {
        if (std::chrono::steady_clock::now() > deadline) {
          timed_out = true;
          handle->Close();  // unblocks the loop thread so the test can fail
          return;
        }
        std::this_thread::yield();
      }
    }
  });
  while (ran.load() < rounds && !timed_out.load() && !callback->IsClosed()) {
    uv_run(loop.get(), UV_RUN_ONCE);
  }
  producer.join();
  EXPECT_FALSE(timed_out.load()) << "a wake-up was lost after " << ran.load() << " rounds";
  EXPECT_EQ(ran.load(), rounds);
  callback->Close();
}

TEST(Guarantee9, AFloodIsDrainedWithFarFewerWakeUpsThanCalls) {
  const std::size_t calls = Scaled(100000);
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  std::size_t ran = 0;
  for (std::size_t i = 0; i < calls; ++i) {
    ASSERT_EQ(callback.Call([&ran](void*) { ++ran; }), Status::kOk);
  }
  while (ran < calls) uv_run(loop.get(), UV_RUN_ONCE);
  const tscb::Stats stats = callback->GetStats();
  // One wake-up from the producers, then one turn per drain_limit closures.
  EXPECT_LE(stats.wakeups, calls / callback->DrainLimit() + 2);
  EXPECT_EQ(stats.max_batch, callback->DrainLimit());
  callback->Close();
}

}  // namespace
}  // namespace tscb_test
