// One measured run: a peer, its producer threads, and what they measured.
// Producer threads are always joined before the run is destroyed.
#ifndef BENCH_RUN_H_
#define BENCH_RUN_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include <napi.h>

#include "peer.h"

namespace bench {

struct RunConfig {
  std::size_t threads = 1;
  std::size_t calls_per_thread = 0;
  std::size_t max_queue_size = 0;  // 0: unbounded
  double rate = 0;                 // calls per second per producer; 0: flat out
  bool latency = false;            // payload is a timestamp; latency is recorded
};

class RunBase {
 public:
  virtual ~RunBase() = default;
  // JS thread. Waits for every producer thread to return.
  virtual void Join() = 0;
  // JS thread, after Join: drops the JS thread's reference to the peer.
  virtual void Release() = 0;
  virtual void Describe(Napi::Object out) = 0;
  // Nanoseconds the producers spent in their send loops, summed.
  virtual int64_t ProducerNs() const = 0;
  virtual std::size_t Rejected() const = 0;
  virtual const LatencyProbe* Probe() const = 0;
  // JS thread, for a run whose producers are stuck (a peer that hangs): lets
  // the threads go, and the run is never destroyed, so they never touch freed
  // memory. The process is expected to exit soon after.
  void Abandon() {
    abandoned_ = true;
    Detach();
  }
  bool abandoned() const { return abandoned_; }

 protected:
  virtual void Detach() = 0;

 private:
  bool abandoned_ = false;
};

template <class Peer>
class Run final : public RunBase {
 public:
  // JS thread. Creates the peer; check env.IsExceptionPending() afterwards.
  Run(Napi::Env env, Napi::Function fn, const RunConfig& config)
      : config_(config),
        probe_(config.latency ? new LatencyProbe(config.threads * config.calls_per_thread)
                              : nullptr),
        peer_(env, fn, PeerConfig{config.max_queue_size, probe_.get()}),
        producer_ns_(config.threads, 0) {}

  ~Run() override {
    Join();
    Release();
  }

  // JS thread. Starts the producer threads.
  void Start() {
    for (std::size_t i = 0; i < config_.threads; ++i) {
      threads_.emplace_back([this, i] { Produce(i); });
    }
  }

  void Join() override {
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

  void Detach() override {
    for (std::thread& thread : threads_) thread.detach();
    threads_.clear();
  }

  void Release() override {
    if (!released_) {
      released_ = true;
      peer_.Release();
    }
  }

  void Describe(Napi::Object out) override { peer_.Describe(out); }

  int64_t ProducerNs() const override {
    int64_t total = 0;
    for (int64_t ns : producer_ns_) total += ns;
    return total;
  }

  std::size_t Rejected() const override { return rejected_.load(); }
  const LatencyProbe* Probe() const override { return probe_.get(); }

 private:
  void Produce(std::size_t index) {
    typename Peer::Producer producer(peer_);
    std::size_t rejected = 0;
    const int64_t begin = NowNs();
    if (config_.rate > 0) {
      const auto period = std::chrono::nanoseconds(static_cast<int64_t>(1e9 / config_.rate));
      auto next = std::chrono::steady_clock::now();
      for (std::size_t i = 0; i < config_.calls_per_thread; ++i) {
        next += period;
        std::this_thread::sleep_until(next);
        if (!producer.Send(config_.latency ? NowNs() : 1)) ++rejected;
      }
    } else {
      for (std::size_t i = 0; i < config_.calls_per_thread; ++i) {
        if (!producer.Send(config_.latency ? NowNs() : 1)) ++rejected;
      }
    }
    producer_ns_[index] = NowNs() - begin;
    rejected_.fetch_add(rejected);
  }

  const RunConfig config_;
  std::unique_ptr<LatencyProbe> probe_;
  Peer peer_;
  std::vector<std::thread> threads_;
  std::vector<int64_t> producer_ns_;
  std::atomic<std::size_t> rejected_{0};
  bool released_ = false;
};

}  // namespace bench

#endif  // BENCH_RUN_H_
