// Teardown torture at the core, for ThreadSanitizer above all: Close() racing
// Call(), the last reference dropped on a producer racing the drain,
// BlockingCall waiters racing close, and seeded random interleavings of Call,
// Close, copy, drop and keep-alive changes from 4 threads. Every test ends on
// exact totals: run + dropped == accepted, every closure made is destroyed
// once, every channel closes once, and the loop closes with nothing open.
//
// Seeds are fixed; TSCB_TORTURE_SEED overrides the base seed, and
// TSCB_TEST_SCALE shrinks iteration counts and the interleaving time.
#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

#include "test_support.h"

namespace tscb_test {
namespace {

constexpr int kProducers = 4;

uint32_t BaseSeed() {
  const char* seed = std::getenv("TSCB_TORTURE_SEED");
  return seed != nullptr ? static_cast<uint32_t>(std::strtoul(seed, nullptr, 10)) : 20261121u;
}

// Close() from another thread at a seeded random point while 4 producers
// call until they are refused.
TEST(Torture, CloseRacingCallFromFourProducers) {
  const std::size_t iterations = Scaled(200);
  std::mt19937 random(BaseSeed());
  uint64_t total_accepted = 0;
  for (std::size_t iteration = 0; iteration < iterations; ++iteration) {
    Lives lives;
    std::size_t ran = 0;
    std::atomic<uint64_t> accepted{0};
    std::atomic<uint64_t> refused{0};
    {
      CountingConsumer consumer;  // outlives the loop: its close callback reports here
      Loop loop;
      Handle callback = OpenChannel(loop, consumer);
      std::vector<std::thread> producers;
      for (int t = 0; t < kProducers; ++t) {
        producers.emplace_back([&, handle = callback] {
          for (;;) {
            if (handle.Call([&ran, probe = Probe(&lives)](void*) { ++ran; }) != Status::kOk) {
              refused.fetch_add(1);
              return;
            }
            accepted.fetch_add(1);
          }
        });
      }
      const uint32_t delay = random() % 3000;
      std::thread closer([handle = callback, delay] {
        std::this_thread::sleep_for(std::chrono::microseconds(delay));
        handle->Close();
      });
      loop.Run();  // ends once the close has reached the loop and the handle closed
      closer.join();
      for (auto& producer : producers) producer.join();
      const tscb::Stats stats = callback->GetStats();
      ASSERT_EQ(stats.accepted, accepted.load()) << "iteration " << iteration;
      ASSERT_EQ(stats.run, ran);
      ASSERT_EQ(stats.run + stats.dropped, stats.accepted);
      ASSERT_EQ(refused.load(), static_cast<uint64_t>(kProducers));
      ASSERT_EQ(stats.rejected_closed, refused.load());
      ASSERT_EQ(consumer.closed, 1u);
      total_accepted += stats.accepted;
    }
    ASSERT_EQ(lives.made.load(), lives.destroyed.load()) << "iteration " << iteration;
    ASSERT_EQ(lives.destroyed_off_loop.load(), static_cast<int64_t>(refused.load()))
        << "only the refused closures die on producer threads";
  }
  RecordProperty("accepted", static_cast<int>(total_accepted));
}

// The test thread drops its reference at once; producers hold the others and
// drop the last one at seeded random points while the loop drains. Every
// accepted closure runs, then the loop ends by itself.
TEST(Torture, LastReferenceDroppedOnAProducerRacingTheDrain) {
  const std::size_t iterations = Scaled(200);
  std::mt19937 random(BaseSeed() + 1);
  for (std::size_t iteration = 0; iteration < iterations; ++iteration) {
    Lives lives;
    std::size_t ran = 0;
    std::atomic<uint64_t> accepted{0};
    uint64_t expected = 0;
    {
      CountingConsumer consumer;  // outlives the loop: its close callback reports here
      Loop loop;
      Handle callback = OpenChannel(loop, consumer);
      std::vector<std::thread> producers;
      for (int t = 0; t < kProducers; ++t) {
        const std::size_t calls = random() % 2000;
        const uint32_t seed = random();
        expected += calls;
        producers.emplace_back([&, calls, seed, handle = callback]() mutable {
          std::mt19937 mine(seed);
          for (std::size_t i = 0; i < calls; ++i) {
            if (handle.Call([&ran, probe = Probe(&lives)](void*) { ++ran; }) == Status::kOk) {
              accepted.fetch_add(1);
            }
            if (mine() % 256 == 0) std::this_thread::yield();
          }
          handle.Reset();  // one of these is the last reference
        });
      }
      callback.Reset();
      loop.Run();  // returns once every handle is gone and the uv handle closed
      for (auto& producer : producers) producer.join();
      ASSERT_EQ(accepted.load(), expected) << "iteration " << iteration;
      ASSERT_EQ(ran, expected) << "graceful release runs everything accepted";
      ASSERT_EQ(consumer.closed, 1u);  // the channel itself is freed by now
    }
    ASSERT_EQ(lives.made.load(), lives.destroyed.load()) << "iteration " << iteration;
    ASSERT_EQ(lives.destroyed_off_loop.load(), 0);
  }
}

// 8 producers in BlockingCall on a queue of 4; the close comes at a seeded
// random point, from another thread or from inside a closure. None waits
// forever; the totals add up.
TEST(Torture, BlockingCallWaitersRacingClose) {
  constexpr int kWaiters = 8;
  const std::size_t iterations = Scaled(200);
  std::mt19937 random(BaseSeed() + 2);
  for (std::size_t iteration = 0; iteration < iterations; ++iteration) {
    Lives lives;
    std::size_t ran = 0;
    std::atomic<uint64_t> accepted{0};
    std::atomic<uint64_t> released_closed{0};
    {
      CountingConsumer consumer;  // outlives the loop: its close callback reports here
      Loop loop;
      ChannelOptions options;
      options.max_queue_size = 4;
      options.drain_limit = 1 + random() % 8;
      Handle callback = OpenChannel(loop, consumer, options);
      Channel* channel = callback.get();
      const bool close_inside = iteration % 2 == 1;
      const std::size_t close_at = random() % 500;
      std::vector<std::thread> producers;
      for (int t = 0; t < kWaiters; ++t) {
        producers.emplace_back([&, handle = callback] {
          for (;;) {
            Status status = handle.Call(
                [&ran, close_inside, close_at, channel, probe = Probe(&lives)](void*) {
                  if (++ran == close_at && close_inside) channel->Close();
                },
                /*blocking=*/true);
            if (status == Status::kClosed) {
              released_closed.fetch_add(1);
              return;
            }
            EXPECT_EQ(status, Status::kOk);
            accepted.fetch_add(1);
          }
        });
      }
      std::thread closer;
      if (!close_inside) {
        const uint32_t delay = random() % 2000;
        closer = std::thread([handle = callback, delay] {
          std::this_thread::sleep_for(std::chrono::microseconds(delay));
          handle->Close();
        });
      } else if (close_at == 0) {
        callback->Close();
      }
      loop.Run();
      if (closer.joinable()) closer.join();
      for (auto& producer : producers) producer.join();
      const tscb::Stats stats = callback->GetStats();
      ASSERT_EQ(released_closed.load(), static_cast<uint64_t>(kWaiters)) << "iteration " << iteration;
      ASSERT_EQ(stats.accepted, accepted.load());
      ASSERT_EQ(stats.run, ran);
      ASSERT_EQ(stats.run + stats.dropped, stats.accepted);
      ASSERT_LE(stats.max_batch, options.drain_limit);
      ASSERT_EQ(consumer.closed, 1u);
    }
    ASSERT_EQ(lives.made.load(), lives.destroyed.load()) << "iteration " << iteration;
  }
}

// ---- random interleavings ------------------------------------------------

// A consumer that records its channel's final counters when its handle
// closes: the last moment the loop side holds the channel.
class LedgerConsumer final : public tscb::detail::Consumer {
 public:
  bool BeginDrain() override { return true; }
  void* BeginBatch() override { return this; }
  bool EndBatch() override { return true; }
  void EndDrain() override {}
  void OnClosed() override;

  Channel* channel = nullptr;
  struct Totals* totals = nullptr;
};

struct Totals {
  uint64_t opened = 0;
  uint64_t closed = 0;
  uint64_t accepted = 0;
  uint64_t run = 0;
  uint64_t dropped = 0;
  uint64_t ran_by_closures = 0;
};

void LedgerConsumer::OnClosed() {
  const tscb::Stats stats = channel->GetStats();
  ++totals->closed;
  totals->accepted += stats.accepted;
  totals->run += stats.run;
  totals->dropped += stats.dropped;
}

// Handles the loop thread has opened and producers may take; and a stop flag.
struct Pool {
  std::mutex mutex;
  std::vector<Handle> fresh;
  std::atomic<bool> stop{false};

  bool Take(Handle* out) {
    std::lock_guard<std::mutex> lock(mutex);
    if (fresh.empty()) return false;
    *out = std::move(fresh.back());
    fresh.pop_back();
    return true;
  }
  void Give(Handle handle) {
    std::lock_guard<std::mutex> lock(mutex);
    fresh.push_back(std::move(handle));
  }
};

struct OpCounts {
  uint64_t calls = 0, accepted = 0, closes = 0, copies = 0, drops = 0, keep_alive = 0, gives = 0;
};

std::chrono::milliseconds InterleavingTime() {
  const char* scale = std::getenv("TSCB_TEST_SCALE");
  const long divisor = scale != nullptr ? std::max(1L, std::strtol(scale, nullptr, 10)) : 1;
  return std::chrono::milliseconds(std::max(1000L, 10000L / divisor));
}

TEST(Torture, RandomInterleavingsOfCallCloseCopyDropAndKeepAliveFromFourThreads) {
  const uint32_t seed = BaseSeed() + 3;
  const auto duration = InterleavingTime();
  Lives lives;
  Totals totals;
  std::deque<LedgerConsumer> consumers;  // stable addresses; loop thread only
  Pool pool;
  std::atomic<uint64_t> producer_accepted{0};
  std::vector<OpCounts> ops(kProducers);
  {
    Loop loop;
    std::mt19937 loop_random(seed);
    auto open_one = [&] {
      consumers.emplace_back();
      LedgerConsumer& consumer = consumers.back();
      consumer.totals = &totals;
      ChannelOptions options;
      options.max_queue_size = loop_random() % 3 == 0 ? 1 + loop_random() % 64 : 0;
      options.drain_limit = 1 + loop_random() % 300;
      options.keep_alive = static_cast<tscb::KeepAlive>(loop_random() % 3);
      int error = 0;
      Channel* channel = Channel::Open(loop.get(), options, &consumer, &error);
      ASSERT_NE(channel, nullptr) << uv_strerror(error);
      consumer.channel = channel;
      ++totals.opened;
      pool.Give(Handle::Adopt(channel));
    };
    // The loop thread keeps the pool stocked, sometimes closes or re-keeps a
    // pooled channel itself, and ends once producers stopped and every
    // channel it opened has closed.
    struct TimerState {
      std::function<void()> tick;
    } timer_state;
    uv_timer_t timer;
    uv_timer_init(loop.get(), &timer);
    timer.data = &timer_state;
    timer_state.tick = [&] {
      if (!pool.stop.load()) {
        std::size_t stocked;
        {
          std::lock_guard<std::mutex> lock(pool.mutex);
          stocked = pool.fresh.size();
        }
        for (; stocked < 8; ++stocked) open_one();
        Handle pooled;
        if (loop_random() % 16 == 0 && pool.Take(&pooled)) {
          switch (loop_random() % 3) {
            case 0: pooled->Close(); break;
            case 1: pooled->SetKeepAlive(static_cast<tscb::KeepAlive>(loop_random() % 3)); break;
            default: break;
          }
          pool.Give(std::move(pooled));
        }
        return;
      }
      {
        std::lock_guard<std::mutex> lock(pool.mutex);
        pool.fresh.clear();  // the loop side's last handles: graceful release
      }
      if (totals.closed == totals.opened) {
        uv_timer_stop(&timer);
        uv_close(reinterpret_cast<uv_handle_t*>(&timer), nullptr);
      }
    };
    uv_timer_start(
        &timer, [](uv_timer_t* t) { static_cast<TimerState*>(t->data)->tick(); }, 0, 1);
    for (int i = 0; i < 8; ++i) open_one();

    const auto deadline = std::chrono::steady_clock::now() + duration;
    std::vector<std::thread> threads;
    for (int t = 0; t < kProducers; ++t) {
      threads.emplace_back([&, t] {
        std::mt19937 random(seed + 100 + static_cast<uint32_t>(t));
        OpCounts& mine = ops[t];
        std::vector<Handle> held;
        uint64_t step = 0;
        while ((++step & 63) != 0 || std::chrono::steady_clock::now() < deadline) {
          if (held.empty()) {
            Handle taken;
            if (pool.Take(&taken)) {
              held.push_back(std::move(taken));
            } else {
              std::this_thread::yield();
            }
            continue;
          }
          const std::size_t pick = random() % held.size();
          Handle& handle = held[pick];
          if (handle->IsClosed() && random() % 2 == 0) {  // let go of a closed one
            ++mine.drops;
            held.erase(held.begin() + static_cast<std::ptrdiff_t>(pick));
            continue;
          }
          const uint32_t op = random() % 1000;
          if (op < 800) {  // Call; now and then a closure closes its own channel
            ++mine.calls;
            const bool self_close = random() % 20000 == 0;
            Channel* channel = handle.get();
            Status status = handle.Call(
                [&totals, self_close, channel, probe = Probe(&lives)](void*) {
                  ++totals.ran_by_closures;
                  if (self_close) channel->Close();
                },
                /*blocking=*/random() % 8 == 0);
            if (status == Status::kOk) {
              ++mine.accepted;
              producer_accepted.fetch_add(1);
            }
          } else if (op < 802) {
            ++mine.closes;
            handle->Close();
          } else if (op < 860) {
            if (held.size() < 8) {
              ++mine.copies;
              held.push_back(handle);  // copy: a new counted reference
            }
          } else if (op < 930) {
            ++mine.drops;
            held.erase(held.begin() + static_cast<std::ptrdiff_t>(pick));
          } else if (op < 970) {
            ++mine.keep_alive;
            handle->SetKeepAlive(static_cast<tscb::KeepAlive>(random() % 3));  // Ref/Unref
          } else {
            ++mine.gives;  // hand a copy to whichever thread takes it next
            pool.Give(handle);
          }
        }
        held.clear();
      });
    }
    // BlockingCall on a bounded queue needs the loop: run it while producers work.
    std::thread stopper([&] {
      for (auto& thread : threads) thread.join();
      pool.stop.store(true);
    });
    loop.Run();  // ends when the timer closed: producers done, every channel closed
    stopper.join();
  }
  OpCounts sum;
  for (const OpCounts& o : ops) {
    sum.calls += o.calls;
    sum.accepted += o.accepted;
    sum.closes += o.closes;
    sum.copies += o.copies;
    sum.drops += o.drops;
    sum.keep_alive += o.keep_alive;
    sum.gives += o.gives;
  }
  std::printf("[ torture  ] seed %u, %lld ms: %llu ops (%llu calls, %llu accepted, %llu closes, "
              "%llu copies, %llu drops, %llu keep-alive, %llu hand-offs) on %llu channels\n",
              seed, static_cast<long long>(duration.count()),
              static_cast<unsigned long long>(sum.calls + sum.closes + sum.copies + sum.drops +
                                              sum.keep_alive + sum.gives),
              static_cast<unsigned long long>(sum.calls),
              static_cast<unsigned long long>(sum.accepted),
              static_cast<unsigned long long>(sum.closes),
              static_cast<unsigned long long>(sum.copies),
              static_cast<unsigned long long>(sum.drops),
              static_cast<unsigned long long>(sum.keep_alive),
              static_cast<unsigned long long>(sum.gives),
              static_cast<unsigned long long>(totals.opened));
  EXPECT_GT(sum.accepted, 0u);
  EXPECT_GT(sum.closes, 0u);
  EXPECT_EQ(totals.closed, totals.opened) << "every channel closed once";
  EXPECT_EQ(totals.accepted, producer_accepted.load()) << "the channels accepted what producers saw accepted";
  EXPECT_EQ(totals.run, totals.ran_by_closures);
  EXPECT_EQ(totals.run + totals.dropped, totals.accepted) << "run + destroyed unrun == accepted";
  EXPECT_EQ(lives.made.load(), lives.destroyed.load()) << "every closure destroyed exactly once";
}

}  // namespace
}  // namespace tscb_test
