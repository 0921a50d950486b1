// What every peer shares: its configuration, the clock and the latency probe.
//
// A peer is a class with
//   Peer(Napi::Env, Napi::Function fn, const PeerConfig&)   JS thread; may throw into JS
//   class Producer { explicit Producer(Peer&); bool Send(int64_t value); }
//                                                           one per producer thread
//   void Release()                                          JS thread, producers joined
//   void Describe(Napi::Object out)                         JS thread, extra counters
// Every call made through a peer ends in the same JS function, called with the
// value as its only argument (a Number), `this` undefined.
#ifndef BENCH_PEER_H_
#define BENCH_PEER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bench {

// Monotonic nanoseconds: the same clock on every thread.
inline int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Latency samples, enqueue to the start of the JS call. JS thread only.
class LatencyProbe {
 public:
  explicit LatencyProbe(std::size_t expected) { samples_.reserve(expected); }
  // `sent` is the NowNs() the producer put in the payload.
  void Record(int64_t sent) { samples_.push_back(NowNs() - sent); }
  const std::vector<int64_t>& samples() const { return samples_; }

 private:
  std::vector<int64_t> samples_;
};

struct PeerConfig {
  std::size_t max_queue_size = 0;  // 0: unbounded, calls never block
                                   // otherwise: calls block while full
  LatencyProbe* probe = nullptr;   // when set, each call records its latency
};

}  // namespace bench

#endif  // BENCH_PEER_H_
