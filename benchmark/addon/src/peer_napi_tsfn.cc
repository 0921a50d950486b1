// Peer: node-addon-api's Napi::ThreadSafeFunction with a lambda per call, as
// its documentation shows (the library wraps each lambda in a heap-allocated
// std::function).
#include "driver.h"
#include "peers.h"

namespace bench {
namespace {

class NapiTsfnPeer {
 public:
  NapiTsfnPeer(Napi::Env env, Napi::Function fn, const PeerConfig& config)
      : tsfn_(Napi::ThreadSafeFunction::New(env, fn, "bench", config.max_queue_size,
                                            /*initialThreadCount=*/1)),
        blocking_(config.max_queue_size != 0),
        probe_(config.probe) {}

  class Producer {
   public:
    explicit Producer(NapiTsfnPeer& peer)
        : tsfn_(peer.tsfn_), blocking_(peer.blocking_), probe_(peer.probe_) {
      tsfn_.Acquire();
    }
    ~Producer() { tsfn_.Release(); }

    bool Send(int64_t value) {
      LatencyProbe* probe = probe_;
      auto callback = [value, probe](Napi::Env env, Napi::Function js_callback) {
        if (probe != nullptr) probe->Record(value);
        js_callback.Call({Napi::Number::New(env, static_cast<double>(value))});
      };
      const napi_status status =
          blocking_ ? tsfn_.BlockingCall(callback) : tsfn_.NonBlockingCall(callback);
      return status == napi_ok;
    }

   private:
    Napi::ThreadSafeFunction tsfn_;
    bool blocking_;
    LatencyProbe* probe_;
  };

  void Release() { tsfn_.Release(); }
  void Describe(Napi::Object /*out*/) {}

 private:
  Napi::ThreadSafeFunction tsfn_;
  bool blocking_;
  LatencyProbe* probe_;
};

}  // namespace

Napi::Object NapiTsfnExports(Napi::Env env) { return PeerExports<NapiTsfnPeer>(env); }

}  // namespace bench
