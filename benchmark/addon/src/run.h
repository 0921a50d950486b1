// One measured run: a peer, its producer threads, and what they measured.
// Producer threads are always joined before the run is destroyed.
#ifndef BENCH_RUN_H_
#define BENCH_RUN_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
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
  std::size_t rounds = 0;          // 0: send at once; otherwise send
                                   // calls_per_thread per Round(), this many times
};

class RunBase {
 public:
  virtual ~RunBase() = default;
  // JS thread. Waits for every producer thread to return.
  virtual void Join() = 0;
  // JS thread, rounds mode: lets every producer send one round and waits for
  // it (nothing drains meanwhile). Returns the round's producer nanoseconds.
  virtual int64_t Round() = 0;
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
    {
      // Rounds mode: producers not yet sent off are released, with no work.
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    go_.notify_all();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

  int64_t Round() override {
    std::unique_lock<std::mutex> lock(mutex_);
    if (round_ >= config_.rounds || stopping_) return -1;
    const int64_t before = round_ns_;
    ++round_;
    go_.notify_all();
    round_done_.wait(lock, [this] { return finished_ == round_ * config_.threads; });
    return round_ns_ - before;
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
    if (config_.rounds > 0) return round_ns_;
    int64_t total = 0;
    for (int64_t ns : producer_ns_) total += ns;
    return total;
  }

  std::size_t Rejected() const override { return rejected_.load(); }
  const LatencyProbe* Probe() const override { return probe_.get(); }

 private:
  void Produce(std::size_t index) {
    typename Peer::Producer producer(peer_);
    if (config_.rounds > 0) {
      ProduceRounds(producer);
      return;
    }
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

  void ProduceRounds(typename Peer::Producer& producer) {
    for (std::size_t round = 1; round <= config_.rounds; ++round) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        go_.wait(lock, [&] { return round_ >= round || stopping_; });
        if (stopping_ && round_ < round) return;
      }
      std::size_t rejected = 0;
      const int64_t begin = NowNs();
      for (std::size_t i = 0; i < config_.calls_per_thread; ++i) {
        if (!producer.Send(1)) ++rejected;
      }
      const int64_t ns = NowNs() - begin;
      rejected_.fetch_add(rejected);
      std::lock_guard<std::mutex> lock(mutex_);
      round_ns_ += ns;
      if (++finished_ == round * config_.threads) round_done_.notify_all();
    }
  }

  const RunConfig config_;
  std::unique_ptr<LatencyProbe> probe_;
  Peer peer_;
  std::vector<std::thread> threads_;
  std::vector<int64_t> producer_ns_;
  std::atomic<std::size_t> rejected_{0};
  bool released_ = false;

  // Rounds mode.
  std::mutex mutex_;
  std::condition_variable go_;
  std::condition_variable round_done_;
  std::size_t round_ = 0;      // rounds sent off
  std::size_t finished_ = 0;   // producer rounds finished, all rounds together
  int64_t round_ns_ = 0;       // producer nanoseconds, all rounds together
  bool stopping_ = false;
};

}  // namespace bench

#endif  // BENCH_RUN_H_
