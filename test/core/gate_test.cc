// Gate: admission, close, and the 0 -> 1 wake-up rule.
#include "tscb/core/gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace {

using tscb::detail::Gate;

TEST(Gate, WakesOnlyOnTheEmptyToNonEmptyStep) {
  Gate gate;
  ASSERT_TRUE(gate.Enter());
  EXPECT_TRUE(gate.LeaveAndPublish()) << "first item: the consumer may sleep";
  ASSERT_TRUE(gate.Enter());
  EXPECT_FALSE(gate.LeaveAndPublish()) << "second item: a wake-up is already owed";
  EXPECT_EQ(gate.Ready(), 2);
  gate.Take(2);
  EXPECT_EQ(gate.Ready(), 0);
  ASSERT_TRUE(gate.Enter());
  EXPECT_TRUE(gate.LeaveAndPublish());
}

TEST(Gate, ConsumerAheadOfThePublisherDipsBelowZeroAndStillWakesOnce) {
  Gate gate;
  ASSERT_TRUE(gate.Enter());  // A enqueued, not yet published
  ASSERT_TRUE(gate.Enter());  // B enqueued, not yet published
  gate.Take(1);               // the consumer already took A's item
  EXPECT_EQ(gate.Ready(), -1);
  EXPECT_FALSE(gate.LeaveAndPublish()) << "A: its item is gone, no wake-up";
  EXPECT_TRUE(gate.LeaveAndPublish()) << "B: 0 -> 1, wake the consumer";
  EXPECT_EQ(gate.Ready(), 1);
}

TEST(Gate, CloseRefusesNewProducersAndReportsTheFirstCloser) {
  Gate gate;
  EXPECT_FALSE(gate.IsClosed());
  EXPECT_TRUE(gate.Close());
  EXPECT_FALSE(gate.Close());
  EXPECT_TRUE(gate.IsClosed());
  EXPECT_FALSE(gate.Enter());
  gate.WaitUntilEmpty();  // a refused producer left nothing behind
}

TEST(Gate, ProducerInsideDelaysTheCloserUntilItLeaves) {
  Gate gate;
  ASSERT_TRUE(gate.Enter());
  gate.Close();
  std::atomic<bool> done{false};
  std::thread closer([&] {
    gate.WaitUntilEmpty();
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(done.load());
  gate.Leave();
  closer.join();
  EXPECT_TRUE(done.load());
}

}  // namespace
