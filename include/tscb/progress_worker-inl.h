// Definitions for tscb/progress_worker.h. Include that file, not this one.
#ifndef TSCB_PROGRESS_WORKER_INL_H_
#define TSCB_PROGRESS_WORKER_INL_H_

#include <memory>
#include <thread>
#include <type_traits>
#include <utility>

#include "tscb/napi/env_registry.h"
#include "tscb/napi/js.h"
#include "tscb/progress/completion.h"
#include "tscb/progress/controls.h"
#include "tscb/progress/job.h"

namespace tscb {

template <class T>
Napi::Value ToJsValue<T>::Convert(Napi::Env env, const T& value) {
  if constexpr (std::is_invocable_r<Napi::Value, const T&, Napi::Env>::value) {
    return value(env);
  } else {
    static_assert(detail::HasToJs<T>::value,
                  "tscb::ToJsValue: no conversion for this type; specialize tscb::ToJsValue<T> "
                  "or return something callable as Napi::Value(Napi::Env)");
    return Napi::Value(env, detail::ToJs(env, value));
  }
}

inline bool CancellationToken::IsCancelled() const noexcept {
  return core_ == nullptr || core_->IsCancelled();
}

template <class Rep, class Period>
bool CancellationToken::WaitFor(const std::chrono::duration<Rep, Period>& timeout) const {
  return core_ == nullptr || core_->WaitFor(timeout);
}

template <class Progress>
void ProgressSink<Progress>::Report(Progress value) const {
  if (job_ != nullptr) job_->Report(std::move(value));
}

template <class Progress>
void ProgressSink<Progress>::Fail(std::string message) const {
  if (job_ != nullptr) job_->Fail(std::move(message));
}

template <class Progress>
uint64_t ProgressSink<Progress>::Reported() const noexcept {
  return job_ == nullptr ? 0 : job_->Reported();
}

namespace detail {

inline CancellationToken ProgressAccess::Token(std::shared_ptr<JobCore> core) {
  return CancellationToken(std::move(core));
}

// The progress type named by a work's first parameter (ProgressSink<P>&).
template <class S>
struct SinkProgress {
  using type = void;
};
template <class P>
struct SinkProgress<ProgressSink<P>> {
  using type = P;
};

template <class M>
struct FirstParameter {
  using type = void;
};
template <class C, class R, class A, class... Rest>
struct FirstParameter<R (C::*)(A, Rest...)> {
  using type = A;
};
template <class C, class R, class A, class... Rest>
struct FirstParameter<R (C::*)(A, Rest...) const> {
  using type = A;
};
template <class C, class R, class A, class... Rest>
struct FirstParameter<R (C::*)(A, Rest...) noexcept> {
  using type = A;
};
template <class C, class R, class A, class... Rest>
struct FirstParameter<R (C::*)(A, Rest...) const noexcept> {
  using type = A;
};
template <class R, class A, class... Rest>
struct FirstParameter<R (*)(A, Rest...)> {
  using type = A;
};

template <class F, class = void>
struct DeducedProgress {
  using type = typename SinkProgress<std::decay_t<typename FirstParameter<F>::type>>::type;
};
template <class F>
struct DeducedProgress<F, std::void_t<decltype(&F::operator())>> {
  using type = typename SinkProgress<
      std::decay_t<typename FirstParameter<decltype(&F::operator())>::type>>::type;
};

template <class Progress, class R, class Work>
Napi::Value StartJob(Napi::Env env, napi_value controls_value, Work work,
                     const ProgressWorkerOptions& options) {
  // Tearing down (worker.terminate(), exit): no JS can run or catch an error
  // here, and throwing one makes node-addon-api's wrappers abort. The work
  // never starts.
  if (!js::CanRunJs(env)) return Napi::Value();
  Controls controls;
  controls.latest = options.mode == ProgressMode::kLatest;
  const char* bad = nullptr;
  if (!ReadControls(env, controls_value, &controls, &bad)) {
    NAPI_THROW(Napi::TypeError::New(env, bad), Napi::Value());
  }

  napi_value holder = nullptr;
  napi_create_object(env, &holder);
  napi_value promise = js::NewPromise(env, holder);
  if (promise == nullptr) {
    napi_value error = js::TakePendingException(env);
    if (error == nullptr) return Napi::Value();  // the environment is going
    NAPI_THROW(Napi::Error(env, error), Napi::Value());
  }
  if (IsAborted(env, controls.signal)) {  // rule 1: the work never runs
    napi_value error = js::MakeAbortError(env, js::Get(env, controls.signal, "reason"));
    napi_value ignored = nullptr;
    napi_call_function(env, js::Undefined(env), js::Get(env, holder, "reject"), 1, &error,
                       &ignored);
    return Napi::Value(env, promise);
  }
  if (controls.signal != nullptr) js::Set(env, holder, "signal", controls.signal);

  Options callback_options;
  callback_options.drain_limit = 1;  // at most one delivery per loop turn
  napi_value fn = controls.on_progress != nullptr ? controls.on_progress
                                                  : js::Get(env, holder, "resolve");
  ThreadSafeCallback callback =
      ThreadSafeCallback::New(Napi::Function(env, fn), Napi::Object(env, holder), callback_options);
  if (callback.IsClosed()) return Napi::Value();  // an exception is pending, or the env is going

  auto job = std::make_shared<ProgressJob<Progress>>(controls.latest,
                                                     controls.on_progress != nullptr);
  job->callback_ = callback;

  if (controls.signal != nullptr) {
    auto* weak = new std::weak_ptr<JobCore>(job);
    napi_value listener = nullptr;
    if (napi_create_function(env, "onAbort", NAPI_AUTO_LENGTH, &OnAbort, weak, &listener) !=
            napi_ok ||
        napi_add_finalizer(env, listener, weak, &DeleteWeakCore, nullptr, nullptr) != napi_ok) {
      delete weak;
      callback.Close();
      NAPI_THROW(Napi::Error::New(env, "StartProgressWorker: cannot listen to the signal"),
                 Napi::Value());
    }
    js::Set(env, holder, "listener", listener);
    napi_value argv[2] = {js::String(env, "abort"), listener};
    if (!js::CallMethod(env, controls.signal, "addEventListener", 2, argv)) {
      callback.Close();
      napi_value error = js::TakePendingException(env);
      if (error == nullptr) error = js::MakeError(env, "StartProgressWorker: cannot listen to the signal");
      if (error == nullptr) return Napi::Value();  // the environment is going
      NAPI_THROW(Napi::Error(env, error), Napi::Value());
    }
  }

  // Rule 6, registered once: at teardown, or at process.exit() on the main
  // thread, which runs no teardown hook.
  job->hook_ = EnvRegistry::AddHook(
      env,
      [weak = std::weak_ptr<JobCore>(job)](napi_env, EnvKind) {
        if (auto core = weak.lock()) core->CancelAndJoin();
      },
      HookTime::kTeardownOrProcessExit);

  job->thread_ = std::thread([job, work = std::move(work)]() mutable {
    Outcome<R> outcome = RunWork<Progress, R>(work, job);
    ThreadSafeCallback to_js = job->callback_;  // the completion closure may hold the last job
    to_js.Call(Completion<Progress, R>{std::move(job), std::move(outcome)});
  });
  return Napi::Value(env, promise);
}

}  // namespace detail

template <class Progress, class Work>
Napi::Value StartProgressWorker(Napi::Env env, Napi::Value controls, Work work,
                                const ProgressWorkerOptions& options) {
  using P = std::conditional_t<std::is_void<Progress>::value,
                               typename detail::DeducedProgress<Work>::type, Progress>;
  static_assert(!std::is_void<P>::value,
                "StartProgressWorker: name the progress type, e.g. StartProgressWorker<double>(...), "
                "or take a tscb::ProgressSink<P>& as the work's first parameter");
  static_assert(std::is_invocable<Work&, ProgressSink<P>&, const CancellationToken&>::value,
                "StartProgressWorker: the work must be callable as "
                "work(tscb::ProgressSink<P>&, const tscb::CancellationToken&)");
  using R = std::invoke_result_t<Work&, ProgressSink<P>&, const CancellationToken&>;
  napi_value raw_controls = controls.IsEmpty() ? nullptr : napi_value(controls);
  return detail::StartJob<P, R>(env, raw_controls, std::move(work), options);
}

}  // namespace tscb

#endif  // TSCB_PROGRESS_WORKER_INL_H_
