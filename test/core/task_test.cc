// Task: inline storage, move-only closures, exactly-once destruction.
#include <array>
#include <memory>

#include "test_support.h"

namespace tscb_test {
namespace {

TEST(Task, StoresClosuresUpTo40BytesInline) {
  struct ThirtyTwo {
    std::array<char, 32> bytes;
    void operator()(void*) {}
  };
  struct Big {
    std::array<char, 64> bytes;
    void operator()(void*) {}
  };
  static_assert(Task::kStoredInline<ThirtyTwo>);
  static_assert(!Task::kStoredInline<Big>);
  static_assert(sizeof(Task) == 48);
}

TEST(Task, RunsWithTheContextThenDestroysTheClosure) {
  Lives lives;
  int seen = 0;
  {
    Task task([probe = Probe(&lives), &seen](void* context) { seen = *static_cast<int*>(context); });
    int value = 7;
    task.RunOnce(&value);
    EXPECT_FALSE(task);
    EXPECT_EQ(lives.destroyed.load(), 1) << "destroyed right after running";
  }
  EXPECT_EQ(seen, 7);
  EXPECT_EQ(lives.made.load(), lives.destroyed.load());
}

TEST(Task, MoveOnlyClosureMovesWithTheTask) {
  auto owned = std::make_unique<int>(41);
  int seen = 0;
  Task first([owned = std::move(owned), &seen](void*) { seen = *owned + 1; });
  Task second(std::move(first));
  EXPECT_FALSE(first);
  Task third;
  third = std::move(second);
  third.RunOnce(nullptr);
  EXPECT_EQ(seen, 42);
}

TEST(Task, LargeClosureIsDestroyedExactlyOnceWithoutRunning) {
  Lives lives;
  std::array<char, 128> padding{};
  {
    Task task([probe = Probe(&lives), padding](void*) { FAIL() << "must not run " << padding[0]; });
    Task moved(std::move(task));
    moved.Reset();
    moved.Reset();
  }
  EXPECT_EQ(lives.made.load(), 1);
  EXPECT_EQ(lives.destroyed.load(), 1);
}

}  // namespace
}  // namespace tscb_test
