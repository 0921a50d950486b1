// The lock-free multi-producer queue of Tasks: moodycamel ConcurrentQueue,
// found by the build (its folder is on the include path), never by user code.
#ifndef TSCB_CORE_QUEUE_H_
#define TSCB_CORE_QUEUE_H_

#include <concurrentqueue.h>

#include <cstddef>
#include <utility>

#include "tscb/core/task.h"

namespace tscb {
namespace detail {

struct TaskQueueTraits : moodycamel::ConcurrentQueueDefaultTraits {
  // Blocks of 32 Tasks (1.5 KiB) recycle through the queue's free list, so a
  // producer in steady state allocates nothing.
  static const std::size_t BLOCK_SIZE = 32;
};

class TaskQueue {
 public:
  using Queue = moodycamel::ConcurrentQueue<Task, TaskQueueTraits>;
  using ConsumerToken = moodycamel::ConsumerToken;

  // One block up front: an idle callback stays small.
  TaskQueue() : queue_(TaskQueueTraits::BLOCK_SIZE) {}

  ConsumerToken MakeConsumerToken() { return ConsumerToken(queue_); }

  // Any thread. False only when memory is exhausted; `task` is then untouched.
  bool Enqueue(Task&& task) { return queue_.enqueue(std::move(task)); }

  // The single consumer. Items of one producer come out in the order they went in.
  std::size_t TryDequeueBulk(ConsumerToken& token, Task* out, std::size_t max) {
    return queue_.try_dequeue_bulk(token, out, max);
  }

 private:
  Queue queue_;
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_CORE_QUEUE_H_
