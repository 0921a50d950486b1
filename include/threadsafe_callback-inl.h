// Definitions for threadsafe_callback.h. Include that file, not this one.
#ifndef THREADSAFE_CALLBACK_INL_H_
#define THREADSAFE_CALLBACK_INL_H_

#include <exception>
#include <string>
#include <tuple>
#include <utility>

namespace tscb {

namespace detail {

// The receiver to capture: nullptr for undefined. False for a value that is
// not an object, a function or undefined.
inline bool ReceiverOf(napi_env env, napi_value value, napi_value* receiver) {
  *receiver = nullptr;
  if (value == nullptr) return true;
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env, value, &type) != napi_ok) return false;
  if (type == napi_undefined) return true;
  if (type != napi_object && type != napi_function) return false;
  *receiver = value;
  return true;
}

#if TSCB_HAS_EXCEPTIONS
// True when the closure left a JS exception pending: it becomes the future's
// JsError and does not reach 'uncaughtException'.
template <class R>
bool RejectWithPendingJsError(std::promise<R>& promise, napi_env env) {
  napi_value thrown = js::TakePendingException(env);
  if (thrown == nullptr) return false;
  promise.set_exception(std::make_exception_ptr(JsError(js::MessageOf(env, thrown))));
  return true;
}

template <class R, class F>
void Fulfill(std::promise<R>& promise, F& closure, Napi::Env env, Napi::Value receiver,
             Napi::Function fn) {
  try {
    if constexpr (std::is_void<R>::value) {
      closure(env, receiver, fn);
      if (!RejectWithPendingJsError(promise, env)) promise.set_value();
    } else {
      R value = closure(env, receiver, fn);
      if (!RejectWithPendingJsError(promise, env)) promise.set_value(std::move(value));
    }
#ifdef NAPI_CPP_EXCEPTIONS
  } catch (const Napi::Error& error) {
    promise.set_exception(std::make_exception_ptr(JsError(js::MessageOf(env, error.Value()))));
#endif
  } catch (...) {
    promise.set_exception(std::current_exception());
  }
}
#endif  // TSCB_HAS_EXCEPTIONS

// The environment New() reports to: the first of its arguments that has one,
// or the calling thread's, when the library knows it.
inline napi_env EnvOfArguments(const Napi::Function& fn, const Napi::Value& receiver,
                               const Options& options) {
  for (napi_env env : {napi_env(fn.Env()), napi_env(receiver.Env()),
                       napi_env(options.on_error.Env())}) {
    if (env != nullptr) return env;
  }
  return EnvRegistry::OfThisThread();
}

// on_finished, as the dispatcher runs it: whatever escapes is reported like
// a closure's exception.
inline FinishHook MakeFinishHook(const Options& options) {
  if (!options.on_finished) return FinishHook();
  return [hook = options.on_finished](napi_env env, const Stats& stats, FinishReason reason,
                                      Dispatcher& dispatcher) {
    RunReporting(dispatcher, [&] { hook(Napi::Env(env), stats, reason); });
  };
}

}  // namespace detail

inline ThreadSafeCallback ThreadSafeCallback::New(Napi::Function fn, Napi::Value receiver,
                                                  const Options& options) {
  napi_env env = detail::EnvOfArguments(fn, receiver, options);
  if (env == nullptr) return ThreadSafeCallback();  // no environment to report to
  // Off the JS thread no N-API call is allowed, not even to throw: the misuse
  // gets an empty handle, whose every call returns kClosed.
  if (detail::EnvRegistry::KnownOffOwnerThread(env)) return ThreadSafeCallback();
  if (!detail::js::IsFunction(env, fn)) {
    NAPI_THROW(Napi::TypeError::New(env, "ThreadSafeCallback::New: fn must be a function"),
               ThreadSafeCallback());
  }
  napi_value captured_receiver = nullptr;
  if (!detail::ReceiverOf(env, receiver, &captured_receiver)) {
    NAPI_THROW(Napi::TypeError::New(env, "ThreadSafeCallback::New: receiver must be an object, "
                                         "a function or undefined"),
               ThreadSafeCallback());
  }
  napi_value on_error = options.on_error.IsEmpty() ? nullptr : napi_value(options.on_error);
  if (on_error != nullptr && !detail::js::IsFunction(env, on_error)) {
    NAPI_THROW(Napi::TypeError::New(env, "ThreadSafeCallback::New: options.on_error must be a "
                                         "function"),
               ThreadSafeCallback());
  }
  detail::ChannelOptions channel_options;
  channel_options.max_queue_size = options.max_queue_size;
  channel_options.drain_limit = options.drain_limit;
  channel_options.keep_alive = options.keep_alive;
  std::string error;
  detail::Channel* channel =
      detail::Dispatcher::Open(env, fn, captured_receiver, on_error, channel_options, &error,
                               options.resource_name, detail::MakeFinishHook(options));
  if (channel == nullptr && !detail::js::CanRunJs(env)) {
    // Tearing down (worker.terminate(), exit): no JS can catch an error here,
    // and throwing one makes node-addon-api's wrappers abort. An empty handle.
    return ThreadSafeCallback();
  }
  if (channel == nullptr) {
    NAPI_THROW(Napi::Error::New(env, "ThreadSafeCallback::New: " + error), ThreadSafeCallback());
  }
  return ThreadSafeCallback(detail::HandleRef::Adopt(channel));
}

template <class F>
Status ThreadSafeCallback::Push(F&& closure, bool blocking) const {
  // Wrapped first: a closure that is not accepted dies with `task`, here.
  detail::Task task = detail::MakeClosureTask(std::forward<F>(closure));
  detail::Channel* channel = channel_.get();
  if (channel == nullptr) return Status::kClosed;
  return channel->Push(task, blocking);
}

template <class F>
Status ThreadSafeCallback::Call(F&& closure) const {
  return Push(std::forward<F>(closure), false);
}

template <class F>
Status ThreadSafeCallback::BlockingCall(F&& closure) const {
  return Push(std::forward<F>(closure), true);
}

#if TSCB_HAS_EXCEPTIONS
template <class F, class R>
std::future<R> ThreadSafeCallback::CallWithResult(F&& closure) const {
  std::promise<R> promise;
  std::future<R> future = promise.get_future();
  Call([promise = std::move(promise), f = std::forward<F>(closure)](
           Napi::Env env, Napi::Value receiver, Napi::Function fn) mutable {
    detail::Fulfill(promise, f, env, receiver, fn);
  });
  return future;
}
#endif

template <class... Args>
Status ThreadSafeCallback::Invoke(Args&&... args) const {
  static_assert((detail::HasToJs<detail::Stored<Args>>::value && ...),
                "Invoke: unsupported argument type (see the list in threadsafe_callback.h)");
  return Call([values = std::tuple<detail::Stored<Args>...>(std::forward<Args>(args)...)](
                  Napi::Env env, Napi::Value receiver, Napi::Function fn) {
    detail::CallWithValues(env, receiver, fn, values, std::index_sequence_for<Args...>());
  });
}

inline void ThreadSafeCallback::Close() const {
  if (channel_) channel_->Close();
}

inline bool ThreadSafeCallback::IsClosed() const noexcept {
  return !channel_ || channel_->IsClosed();
}

inline std::size_t ThreadSafeCallback::Pending() const noexcept {
  return !channel_ ? 0 : channel_->Pending();
}

inline tscb::Stats ThreadSafeCallback::Stats() const noexcept {
  return !channel_ ? tscb::Stats() : channel_->GetStats();
}

inline void ThreadSafeCallback::Ref() const {
  if (channel_) channel_->SetKeepAlive(KeepAlive::kAlways);
}

inline void ThreadSafeCallback::Unref() const {
  if (channel_) channel_->SetKeepAlive(KeepAlive::kNever);
}

inline WeakCallback::WeakCallback(const ThreadSafeCallback& callback) noexcept
    : channel_(detail::WeakRef::Share(callback.channel_.get())) {}

inline ThreadSafeCallback WeakCallback::Lock() const noexcept {
  detail::Channel* channel = channel_.get();
  if (channel == nullptr || !channel->TryAddHandle()) return ThreadSafeCallback();
  return ThreadSafeCallback(detail::HandleRef::Adopt(channel));  // the handle just taken
}

inline bool WeakCallback::Expired() const noexcept {
  return !channel_ || !channel_->HasHandles();
}

template <class Hook>
EnvExitHookToken AddEnvExitHook(Napi::Env env, Hook hook) {
  static_assert(std::is_invocable<Hook&, Napi::Env, EnvKind>::value,
                "an exit hook must be callable as (Napi::Env, tscb::EnvKind)");
  return detail::HookTokenAccess::Make(detail::EnvRegistry::AddHook(
      env, [hook = std::move(hook)](napi_env raw, EnvKind kind) mutable {
        hook(Napi::Env(raw), kind);
      }));
}

inline bool RemoveEnvExitHook(Napi::Env env, EnvExitHookToken token) {
  return detail::EnvRegistry::RemoveHook(env, detail::HookTokenAccess::Id(token));
}

}  // namespace tscb

#endif  // THREADSAFE_CALLBACK_INL_H_
