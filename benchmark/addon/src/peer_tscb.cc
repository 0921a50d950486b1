// The library under test: tscb::ThreadSafeCallback, used as API.md shows.
// Two rows: Call with a closure (the same work the lambda peers do) and
// Invoke with the value (the library converts it).
#include <threadsafe_callback.h>

#include "driver.h"
#include "peers.h"

namespace bench {
namespace {

// Fills in the library's own counters.
void DescribeStats(const tscb::Stats& stats, Napi::Object out) {
  Napi::Env env = out.Env();
  Napi::Object counters = Napi::Object::New(env);
  counters["accepted"] = Napi::Number::New(env, static_cast<double>(stats.accepted));
  counters["run"] = Napi::Number::New(env, static_cast<double>(stats.run));
  counters["dropped"] = Napi::Number::New(env, static_cast<double>(stats.dropped));
  counters["rejectedFull"] = Napi::Number::New(env, static_cast<double>(stats.rejected_full));
  counters["wakeups"] = Napi::Number::New(env, static_cast<double>(stats.wakeups));
  counters["maxBatch"] = Napi::Number::New(env, static_cast<double>(stats.max_batch));
  out["stats"] = counters;
}

// kCall: Call / BlockingCall with a closure. kInvoke: Invoke(value), unbounded only.
enum class Form { kCall, kInvoke };

template <Form kForm>
class TscbPeer {
 public:
  TscbPeer(Napi::Env env, Napi::Function fn, const PeerConfig& config)
      : blocking_(config.max_queue_size != 0), probe_(config.probe) {
    if (kForm == Form::kInvoke && (blocking_ || probe_ != nullptr)) {
      Napi::Error::New(env, "the Invoke row runs unbounded throughput only")
          .ThrowAsJavaScriptException();
      return;
    }
    tscb::Options options;
    options.max_queue_size = config.max_queue_size;
    callback_ = tscb::ThreadSafeCallback::New(fn, Napi::Value(), options);
  }

  class Producer {
   public:
    // Each producer thread holds its own copy: its own counted reference.
    explicit Producer(TscbPeer& peer)
        : callback_(peer.callback_), blocking_(peer.blocking_), probe_(peer.probe_) {}

    bool Send(int64_t value) {
      if constexpr (kForm == Form::kInvoke) {
        return callback_.Invoke(static_cast<double>(value)) == tscb::Status::kOk;
      } else {
        LatencyProbe* probe = probe_;
        auto closure = [value, probe](Napi::Env env, Napi::Value receiver, Napi::Function fn) {
          if (probe != nullptr) probe->Record(value);
          fn.Call(receiver, {Napi::Number::New(env, static_cast<double>(value))});
        };
        const tscb::Status status =
            blocking_ ? callback_.BlockingCall(closure) : callback_.Call(closure);
        return status == tscb::Status::kOk;
      }
    }

   private:
    tscb::ThreadSafeCallback callback_;
    bool blocking_;
    LatencyProbe* probe_;
  };

  // Drops the last reference: a graceful release.
  void Release() {
    stats_ = callback_.Stats();
    callback_ = tscb::ThreadSafeCallback();
  }

  void Describe(Napi::Object out) { DescribeStats(stats_, out); }

 private:
  tscb::ThreadSafeCallback callback_;
  bool blocking_;
  LatencyProbe* probe_;
  tscb::Stats stats_;
};

}  // namespace

Napi::Object TscbCallExports(Napi::Env env) { return PeerExports<TscbPeer<Form::kCall>>(env); }
Napi::Object TscbInvokeExports(Napi::Env env) {
  return PeerExports<TscbPeer<Form::kInvoke>>(env);
}

}  // namespace bench
