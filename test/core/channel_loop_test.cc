// Guarantee 10 and keep-alive at the core: the drain yields to the loop every
// drain_limit closures, and the handle keeps the loop alive as configured.
#include <vector>

#include "test_support.h"

namespace tscb_test {
namespace {

TEST(Guarantee10, DrainYieldsToTheLoopEveryDrainLimitClosures) {
  ChannelOptions options;
  options.drain_limit = 16;
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer, options);
  uv_check_t check;  // counts loop iterations
  uv_check_init(loop.get(), &check);
  std::size_t iterations = 0;
  check.data = &iterations;
  uv_check_start(&check, [](uv_check_t* handle) { ++*static_cast<std::size_t*>(handle->data); });
  std::vector<std::size_t> iteration_of;
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(callback.Call([&iteration_of, &iterations](void*) { iteration_of.push_back(iterations); }),
              Status::kOk);
  }
  while (iteration_of.size() < 200) uv_run(loop.get(), UV_RUN_ONCE);
  std::size_t longest_run = 0;
  for (std::size_t i = 0, run = 0; i < iteration_of.size(); ++i) {
    run = (i > 0 && iteration_of[i] == iteration_of[i - 1]) ? run + 1 : 1;
    longest_run = std::max(longest_run, run);
  }
  EXPECT_EQ(longest_run, 16u) << "never more than drain_limit closures per loop turn";
  EXPECT_EQ(callback->GetStats().max_batch, 16u);
  EXPECT_GE(callback->GetStats().wakeups, 13u);
  uv_close(reinterpret_cast<uv_handle_t*>(&check), nullptr);
  callback->Close();
}

TEST(KeepAlive, AlwaysKeepsTheLoopAliveWhileOpen) {
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer);
  EXPECT_TRUE(uv_loop_alive(loop.get()));
  callback->Close();
  loop.Run();
  EXPECT_FALSE(uv_loop_alive(loop.get()));
}

TEST(KeepAlive, NeverLetsTheLoopEndWhileOpen) {
  ChannelOptions options;
  options.keep_alive = tscb::KeepAlive::kNever;
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer, options);
  EXPECT_FALSE(uv_loop_alive(loop.get()));
  loop.Run();  // returns at once
  EXPECT_FALSE(callback->IsClosed());
  callback->SetKeepAlive(tscb::KeepAlive::kAlways);  // Ref()
  EXPECT_TRUE(uv_loop_alive(loop.get()));
  callback->Close();
}

TEST(KeepAlive, WhilePendingKeepsTheLoopAliveOnlyUntilTheClosuresRan) {
  ChannelOptions options;
  options.keep_alive = tscb::KeepAlive::kWhilePending;
  CountingConsumer consumer;  // outlives the loop: its close callback reports here
  Loop loop;
  Handle callback = OpenChannel(loop, consumer, options);
  EXPECT_FALSE(uv_loop_alive(loop.get())) << "idle: not alive";
  std::size_t ran = 0;
  for (int i = 0; i < 3000; ++i) ASSERT_EQ(callback.Call([&ran](void*) { ++ran; }), Status::kOk);
  EXPECT_TRUE(uv_loop_alive(loop.get())) << "pending: alive";
  loop.Run();  // runs all 3000 over several turns, then the loop ends by itself
  EXPECT_EQ(ran, 3000u);
  EXPECT_FALSE(uv_loop_alive(loop.get()));
  EXPECT_FALSE(callback->IsClosed());
  callback->Close();
}

}  // namespace
}  // namespace tscb_test
