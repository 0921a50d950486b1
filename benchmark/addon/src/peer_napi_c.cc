// Peer: Node's napi_threadsafe_function through the C API, used as its
// documentation shows: each call carries a heap-allocated payload; the
// call_js_cb turns it into an argument, calls the function and frees it.
#include <node_api.h>

#include "driver.h"
#include "peers.h"

namespace bench {
namespace {

struct Context {
  LatencyProbe* probe;
};

void CallJs(napi_env env, napi_value js_callback, void* context, void* data) {
  int64_t* payload = static_cast<int64_t*>(data);
  // env is NULL when the function is torn down with calls still queued.
  if (env != nullptr && js_callback != nullptr) {
    LatencyProbe* probe = static_cast<Context*>(context)->probe;
    if (probe != nullptr) probe->Record(*payload);
    napi_value undefined;
    napi_value argument;
    if (napi_get_undefined(env, &undefined) == napi_ok &&
        napi_create_double(env, static_cast<double>(*payload), &argument) == napi_ok) {
      napi_call_function(env, undefined, js_callback, 1, &argument, nullptr);
    }
  }
  delete payload;
}

void Finalize(napi_env /*env*/, void* finalize_data, void* /*hint*/) {
  delete static_cast<Context*>(finalize_data);
}

class NapiCPeer {
 public:
  NapiCPeer(Napi::Env env, Napi::Function fn, const PeerConfig& config)
      : mode_(config.max_queue_size == 0 ? napi_tsfn_nonblocking : napi_tsfn_blocking) {
    napi_value name;
    napi_create_string_utf8(env, "bench", NAPI_AUTO_LENGTH, &name);
    Context* context = new Context{config.probe};
    const napi_status status = napi_create_threadsafe_function(
        env, fn, nullptr, name, config.max_queue_size, /*initial_thread_count=*/1,
        /*thread_finalize_data=*/context, Finalize, context, CallJs, &tsfn_);
    if (status != napi_ok) {
      delete context;
      tsfn_ = nullptr;
      Napi::Error::New(env, "napi_create_threadsafe_function failed").ThrowAsJavaScriptException();
    }
  }

  class Producer {
   public:
    explicit Producer(NapiCPeer& peer) : tsfn_(peer.tsfn_), mode_(peer.mode_) {
      napi_acquire_threadsafe_function(tsfn_);
    }
    ~Producer() { napi_release_threadsafe_function(tsfn_, napi_tsfn_release); }

    bool Send(int64_t value) {
      int64_t* payload = new int64_t(value);
      if (napi_call_threadsafe_function(tsfn_, payload, mode_) != napi_ok) {
        delete payload;
        return false;
      }
      return true;
    }

   private:
    napi_threadsafe_function tsfn_;
    napi_threadsafe_function_call_mode mode_;
  };

  void Release() {
    if (tsfn_ != nullptr) napi_release_threadsafe_function(tsfn_, napi_tsfn_release);
  }

  void Describe(Napi::Object /*out*/) {}

 private:
  napi_threadsafe_function tsfn_ = nullptr;
  napi_threadsafe_function_call_mode mode_;
};

}  // namespace

Napi::Object NapiCExports(Napi::Env env) { return PeerExports<NapiCPeer>(env); }

}  // namespace bench
