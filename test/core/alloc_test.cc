// A call whose closure captures up to 32 bytes allocates nothing on the
// producer thread once the queue's blocks are recycling.
#include <array>
#include <cstdlib>
#include <new>

#include "test_support.h"

namespace {
thread_local std::size_t allocations_on_this_thread = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++allocations_on_this_thread;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }

namespace tscb_test {
namespace {

TEST(Allocation, ThirtyTwoByteClosureAllocatesNothingInSteadyState) {
  constexpr std::size_t kRound = 4096;
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  std::atomic<std::size_t> ran{0};
  std::size_t measured = ~std::size_t{0};
  std::array<char, 24> payload{};  // + &ran = 32 bytes of captures
  std::thread producer([&, handle = callback] {
    for (int round = 0; round < 3; ++round) {
      const std::size_t before = allocations_on_this_thread;
      for (std::size_t i = 0; i < kRound; ++i) {
        ASSERT_EQ(handle.Call([&ran, payload](void*) { ran.fetch_add(payload.size() > 0 ? 1 : 0); }),
                  Status::kOk);
      }
      measured = allocations_on_this_thread - before;  // the last round counts
      while (ran.load() < (round + 1) * kRound) std::this_thread::yield();
    }
  });
  while (ran.load() < 3 * kRound) uv_run(loop.get(), UV_RUN_ONCE);
  producer.join();
  EXPECT_EQ(measured, 0u);
  callback->Close();
}

}  // namespace
}  // namespace tscb_test
