// The JS-thread side of a callback: it holds the function, receiver and
// on_error references, runs each wake-up's closures inside one
// napi_make_callback of the creator's async context (so microtasks and
// process.nextTick run after them, and AsyncLocalStorage sees the creator's
// store where it lives in an async context frame, Node 24+: guarantee 11),
// one handle scope per batch of at most 64 closures (guarantee 7), routes
// exceptions (guarantee 8), stops running closures once the environment is
// terminating, and runs on_finished once the channel has closed (at
// teardown: once Close() has destroyed what waited).
//
// Raw Node-API only: this file behaves the same in both node-addon-api
// exception modes, and never treats a failure of a terminating environment
// as fatal.
#ifndef TSCB_NAPI_DISPATCHER_H_
#define TSCB_NAPI_DISPATCHER_H_

#include <node_api.h>

#include <functional>
#include <string>
#include <utility>

#include "tscb/core/channel.h"
#include "tscb/napi/env_registry.h"
#include "tscb/napi/pending_exception.h"

namespace tscb {
namespace detail {

class Dispatcher;

// on_finished, wrapped: it reports its own exceptions through the dispatcher.
using FinishHook = std::function<void(napi_env, const Stats&, FinishReason, Dispatcher&)>;

// What a closure is run with: valid for one batch.
struct InvokeContext {
  napi_env env;
  napi_value receiver;
  napi_value fn;
  Dispatcher* dispatcher;
};

class Dispatcher final : public Consumer, public EnvMember {
 public:
  // JS thread. Returns the channel with its first handle reference, or nullptr
  // with *error set (no JS exception is left pending).
  static Channel* Open(napi_env env, napi_value fn, napi_value receiver, napi_value on_error,
                       const ChannelOptions& options, std::string* error,
                       const std::string& resource_name = "ThreadSafeCallback",
                       FinishHook on_finished = FinishHook()) {
    EnvRegistry* registry = EnvRegistry::For(env);
    if (registry == nullptr) {
      *error = "the environment is tearing down";
      return nullptr;
    }
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
      *error = "no event loop for this environment";
      return nullptr;
    }
    auto* dispatcher = new Dispatcher(env, registry, std::move(on_finished));
    if (!dispatcher->Capture(fn, receiver, on_error, resource_name)) {
      dispatcher->Forget();
      delete dispatcher;
      *error = "cannot reference the function or receiver";
      return nullptr;
    }
    int uv_error = 0;
    Channel* channel = Channel::Open(loop, options, dispatcher, &uv_error);
    if (channel == nullptr) {
      dispatcher->Forget();
      delete dispatcher;
      *error = std::string("uv_async_init failed: ") + uv_strerror(uv_error);
      return nullptr;
    }
    dispatcher->channel_ = channel;
    registry->Link(dispatcher);
    if (options.keep_alive == KeepAlive::kWhilePending) registry->WatchBeforeExit();
    return channel;
  }

  // A JS exception escaped a closure: on_error, or 'uncaughtException'.
  void ReportException(napi_value error) {
    if (!CanRunJs()) return;
    if (on_error_ != nullptr) {
      napi_value handler = nullptr;
      napi_value undefined = nullptr;
      napi_value ignored = nullptr;
      napi_get_reference_value(env_, on_error_, &handler);
      napi_get_undefined(env_, &undefined);
      if (napi_call_function(env_, undefined, handler, 1, &error, &ignored) == napi_ok) return;
      error = TakePendingException(env_);
      if (error == nullptr) return;  // terminating
    }
    napi_fatal_exception(env_, error);
  }

  // A C++ exception escaped a closure: reported as a JS Error with its message.
  void ReportCppException(const char* what) {
    napi_value message = nullptr;
    napi_value error = nullptr;
    if (napi_create_string_utf8(env_, what, NAPI_AUTO_LENGTH, &message) != napi_ok ||
        napi_create_error(env_, nullptr, message, &error) != napi_ok) {
      return;
    }
    ReportException(error);
  }

  // After each closure: a JS exception it left pending is reported.
  void ReportPendingException() {
    if (napi_value error = TakePendingException(env_)) ReportException(error);
  }

  // ---- Consumer ------------------------------------------------------------

  // napi_make_callback(resource, drain function): unlike a callback scope,
  // it also enters the async context frame that napi_async_init captured.
  // The channel closes no handle until this returns.
  void RunDrain(void (*drain)(void*), void* arg) override {
    drain_ = drain;
    drain_arg_ = arg;
    drained_ = false;
    napi_handle_scope scope = nullptr;
    napi_open_handle_scope(env_, &scope);
    napi_value resource = nullptr;
    napi_value function = nullptr;
    napi_value ignored = nullptr;
    if (napi_get_reference_value(env_, resource_, &resource) != napi_ok ||
        napi_get_reference_value(env_, drain_function_, &function) != napi_ok ||
        napi_make_callback(env_, async_context_, resource, function, 0, nullptr, &ignored) !=
            napi_ok) {
      TakePendingException(env_);
    }
    napi_close_handle_scope(env_, scope);
    if (!drained_) drain(arg);  // JS cannot run here: BeginDrain says so, the channel stops
  }

  bool BeginDrain() override {
    napi_open_handle_scope(env_, &drain_scope_);
    return in_make_callback_ && CanRunJs();
  }

  void* BeginBatch() override {
    napi_open_handle_scope(env_, &batch_scope_);
    context_.env = env_;
    context_.dispatcher = this;
    napi_get_reference_value(env_, fn_, &context_.fn);
    if (receiver_ != nullptr) {
      napi_get_reference_value(env_, receiver_, &context_.receiver);
    } else {
      napi_get_undefined(env_, &context_.receiver);
    }
    return &context_;
  }

  bool EndBatch() override {
    napi_close_handle_scope(env_, batch_scope_);
    return CanRunJs();
  }

  void EndDrain() override { napi_close_handle_scope(env_, drain_scope_); }

  void OnClosed() override {
    Finish();
    Forget();
    registry_->Unlink(this);
    delete this;
  }

  // ---- EnvMember -------------------------------------------------------------

  // On the loop thread Close() destroys what waits before it returns, so
  // on_finished runs here, not when the uv handle's close calls back: a
  // runtime may never call back in a terminated Worker (Deno).
  void CloseForTeardown() override {
    tearing_down_ = true;
    channel_->Close();
    Finish();
  }
  void OnBeforeExit() override { channel_->RefreshKeepAlive(); }

 private:
  Dispatcher(napi_env env, EnvRegistry* registry, FinishHook on_finished)
      : env_(env), registry_(registry), on_finished_(std::move(on_finished)) {}
  ~Dispatcher() = default;

  // on_finished, once: every accepted closure has run or been destroyed.
  // Inside a napi_make_callback like a drain when JS can run, so its
  // microtasks run and its exceptions are reported like a closure's.
  void Finish() {
    if (!on_finished_) return;
    FinishCall call{this, std::move(on_finished_), channel_->GetStats(), FinishReason::kTeardown};
    on_finished_ = nullptr;  // once: a moved-from function need not be empty
    if (!tearing_down_ && CanRunJs()) {
      call.reason = channel_->CloseReason();
      RunDrain(&Dispatcher::RunFinish, &call);
    } else {
      napi_handle_scope scope = nullptr;
      napi_open_handle_scope(env_, &scope);
      call.hook(env_, call.stats, call.reason, *this);
      napi_close_handle_scope(env_, scope);
    }
  }

  struct FinishCall {
    Dispatcher* self;
    FinishHook hook;
    Stats stats;
    FinishReason reason;
  };

  static void RunFinish(void* arg) {
    auto* call = static_cast<FinishCall*>(arg);
    call->self->BeginDrain();
    call->hook(call->self->env_, call->stats, call->reason, *call->self);
    call->self->EndDrain();
  }

  // The native function RunDrain calls: runs the channel's drain.
  static napi_value OnDrainCall(napi_env env, napi_callback_info info) {
    void* data = nullptr;
    napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
    auto* self = static_cast<Dispatcher*>(data);
    self->drained_ = true;
    self->in_make_callback_ = true;
    self->drain_(self->drain_arg_);
    self->in_make_callback_ = false;
    return nullptr;
  }

  bool Capture(napi_value fn, napi_value receiver, napi_value on_error,
               const std::string& resource_name) {
    napi_value resource = nullptr;
    napi_value name = nullptr;
    napi_value drain_function = nullptr;
    return napi_create_reference(env_, fn, 1, &fn_) == napi_ok &&
           (receiver == nullptr || napi_create_reference(env_, receiver, 1, &receiver_) == napi_ok) &&
           (on_error == nullptr || napi_create_reference(env_, on_error, 1, &on_error_) == napi_ok) &&
           napi_create_object(env_, &resource) == napi_ok &&
           napi_create_reference(env_, resource, 1, &resource_) == napi_ok &&
           napi_create_string_utf8(env_, resource_name.data(), resource_name.size(), &name) ==
               napi_ok &&
           napi_async_init(env_, resource, name, &async_context_) == napi_ok &&
           napi_create_function(env_, "threadsafeCallbackDrain", NAPI_AUTO_LENGTH,
                                &Dispatcher::OnDrainCall, this, &drain_function) == napi_ok &&
           napi_create_reference(env_, drain_function, 1, &drain_function_) == napi_ok;
  }

  void Forget() noexcept {
    if (async_context_ != nullptr) napi_async_destroy(env_, async_context_);
    for (napi_ref* ref : {&fn_, &receiver_, &on_error_, &resource_, &drain_function_}) {
      if (*ref != nullptr) napi_delete_reference(env_, *ref);
      *ref = nullptr;
    }
    async_context_ = nullptr;
  }

  bool CanRunJs() { return EnvRegistry::CanRunJs(env_); }

  const napi_env env_;
  EnvRegistry* const registry_;
  Channel* channel_ = nullptr;
  napi_ref fn_ = nullptr;
  napi_ref receiver_ = nullptr;
  napi_ref on_error_ = nullptr;
  napi_ref resource_ = nullptr;
  FinishHook on_finished_;
  bool tearing_down_ = false;
  napi_async_context async_context_ = nullptr;
  napi_handle_scope drain_scope_ = nullptr;
  napi_handle_scope batch_scope_ = nullptr;
  napi_ref drain_function_ = nullptr;
  void (*drain_)(void*) = nullptr;
  void* drain_arg_ = nullptr;
  bool drained_ = false;
  bool in_make_callback_ = false;
  InvokeContext context_{};
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_NAPI_DISPATCHER_H_
