// Peer: node-addon-api's Napi::TypedThreadSafeFunction, as its documentation
// shows: a context, a heap-allocated DataType per call, and a CallJs that
// calls the function and deletes the data.
#include "driver.h"
#include "peers.h"

namespace bench {
namespace {

struct Context {
  LatencyProbe* probe;
};
using DataType = int64_t;

void CallJs(Napi::Env env, Napi::Function js_callback, Context* context, DataType* data) {
  // env is null when the function is torn down with calls still queued.
  if (env != nullptr && js_callback != nullptr) {
    if (context->probe != nullptr) context->probe->Record(*data);
    js_callback.Call({Napi::Number::New(env, static_cast<double>(*data))});
  }
  delete data;
}

using Tsfn = Napi::TypedThreadSafeFunction<Context, DataType, CallJs>;

class NapiTypedPeer {
 public:
  NapiTypedPeer(Napi::Env env, Napi::Function fn, const PeerConfig& config)
      : context_(new Context{config.probe}),
        tsfn_(Tsfn::New(env, fn, "bench", config.max_queue_size, /*initialThreadCount=*/1,
                        context_.get())),
        blocking_(config.max_queue_size != 0) {}

  class Producer {
   public:
    explicit Producer(NapiTypedPeer& peer) : tsfn_(peer.tsfn_), blocking_(peer.blocking_) {
      tsfn_.Acquire();
    }
    ~Producer() { tsfn_.Release(); }

    bool Send(int64_t value) {
      DataType* data = new DataType(value);
      const napi_status status =
          blocking_ ? tsfn_.BlockingCall(data) : tsfn_.NonBlockingCall(data);
      if (status != napi_ok) {
        delete data;
        return false;
      }
      return true;
    }

   private:
    Tsfn tsfn_;
    bool blocking_;
  };

  void Release() { tsfn_.Release(); }
  void Describe(Napi::Object /*out*/) {}

 private:
  // Read by CallJs only while calls run, all before Release(): the run that
  // owns this peer outlives them.
  std::unique_ptr<Context> context_;
  Tsfn tsfn_;
  bool blocking_;
};

}  // namespace

Napi::Object NapiTypedExports(Napi::Env env) { return PeerExports<NapiTypedPeer>(env); }

}  // namespace bench
