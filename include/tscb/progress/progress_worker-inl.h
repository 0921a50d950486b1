// Definitions for tscb/progress_worker.h. Include that file, not this one.
#ifndef TSCB_PROGRESS_WORKER_INL_H_
#define TSCB_PROGRESS_WORKER_INL_H_

#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

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

// How the work ended, carried to the JS thread.
template <class R>
struct Outcome {
  using Value = std::conditional_t<std::is_void<R>::value, bool, R>;
  std::optional<Value> value;
  bool failed = false;
  std::string error;
  bool cancelled = false;
};

// On the job's thread.
template <class Progress, class R, class Work>
Outcome<R> RunWork(Work& work, const std::shared_ptr<ProgressJob<Progress>>& job) {
  Outcome<R> outcome;
  ProgressSink<Progress> sink = ProgressAccess::Sink(job);
  const CancellationToken token = ProgressAccess::Token(job);
#if TSCB_HAS_EXCEPTIONS
  try {
#endif
    if constexpr (std::is_void<R>::value) {
      work(sink, token);
      outcome.value.emplace(true);
    } else {
      outcome.value.emplace(work(sink, token));
    }
#if TSCB_HAS_EXCEPTIONS
  } catch (const std::exception& error) {
    outcome.failed = true;
    outcome.error = error.what();
  } catch (...) {
    outcome.failed = true;
    outcome.error = "unknown C++ exception";
  }
#endif
  std::string failure;
  if (!outcome.failed && job->TakeFailure(&failure)) {
    outcome.failed = true;
    outcome.error = std::move(failure);
  }
  outcome.cancelled = job->IsCancelled();
  return outcome;
}

// JS thread: the result as a JS value; nullptr with *error set when the
// conversion threw.
template <class R>
napi_value ResultToJs(napi_env env, Outcome<R>& outcome, napi_value* error) {
  if constexpr (std::is_void<R>::value) {
    return js::Undefined(env);
  } else {
#if TSCB_HAS_EXCEPTIONS
    try {
#endif
      napi_value value = ToJsValue<R>::Convert(Napi::Env(env), *outcome.value);
      if (napi_value thrown = TakePendingException(env)) {
        *error = thrown;
        return nullptr;
      }
      return value != nullptr ? value : js::Undefined(env);
#if TSCB_HAS_EXCEPTIONS
#ifdef NAPI_CPP_EXCEPTIONS
    } catch (const Napi::Error& thrown) {
      *error = thrown.Value();
      return nullptr;
#endif
    } catch (const std::exception& thrown) {
      *error = js::MakeError(env, thrown.what());
      return nullptr;
    }
#endif
  }
}

// The closure that ends a job on the JS thread: joins the thread, delivers
// the progress left (kBatch values per loop turn), removes the abort
// listener, settles the Promise, closes the callback. Destroyed unrun at
// teardown, after the exit hook joined.
template <class Progress, class R>
struct Completion {
  std::shared_ptr<ProgressJob<Progress>> job;
  Outcome<R> outcome;

  void operator()(Napi::Env env, Napi::Value holder, Napi::Function on_progress) {
    job->Join();
    if (job->has_listener() && job->Deliver(env, on_progress, /*final=*/true)) {
      ThreadSafeCallback to_js = job->callback_;
      to_js.Call(std::move(*this));  // a long backlog: the rest on the next loop turns
      return;
    }
    RemoveEnvExitHook(env, job->hook_);
    napi_value signal = js::Get(env, holder, "signal");
    napi_value listener = js::Get(env, holder, "listener");
    if (js::TypeOf(env, listener) == napi_function && js::IsObject(env, signal)) {
      napi_value argv[2] = {js::String(env, "abort"), listener};
      js::CallMethod(env, signal, "removeEventListener", 2, argv);
      TakePendingException(env);
    }
    const char* settle = "resolve";
    napi_value argument = nullptr;
    if (outcome.cancelled) {
      settle = "reject";
      argument = js::MakeAbortError(env, js::Get(env, signal, "reason"));
    } else if (outcome.failed) {
      settle = "reject";
      argument = js::MakeError(env, outcome.error);
    } else {
      napi_value error = nullptr;
      argument = ResultToJs(env, outcome, &error);
      if (argument == nullptr) {
        settle = "reject";
        argument = error;
      }
    }
    napi_value settler = js::Get(env, holder, settle);
    napi_value ignored = nullptr;
    if (argument == nullptr) argument = js::Undefined(env);
    napi_call_function(env, js::Undefined(env), settler, 1, &argument, &ignored);
    job->callback_.Close();
  }
};

inline napi_value OnAbort(napi_env env, napi_callback_info info) {
  void* data = nullptr;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
  if (auto core = static_cast<std::weak_ptr<JobCore>*>(data)->lock()) core->Cancel();
  return nullptr;
}

inline void DeleteWeakCore(napi_env, void* data, void*) {
  delete static_cast<std::weak_ptr<JobCore>*>(data);
}

// What JS passed: checked, with defaults. False with *bad set for a bad field.
struct Controls {
  napi_value on_progress = nullptr;
  napi_value signal = nullptr;
  bool latest = true;
};

inline bool ReadControls(napi_env env, napi_value value, Controls* controls, const char** bad) {
  const napi_valuetype type = js::TypeOf(env, value);
  if (type == napi_undefined || type == napi_null) return true;
  if (!js::IsObject(env, value)) {
    *bad = "StartProgressWorker: controls must be an object";
    return false;
  }
  napi_value on_progress = js::Get(env, value, "onProgress");
  const napi_valuetype on_progress_type = js::TypeOf(env, on_progress);
  if (on_progress_type == napi_function) {
    controls->on_progress = on_progress;
  } else if (on_progress_type != napi_undefined) {
    *bad = "StartProgressWorker: controls.onProgress must be a function";
    return false;
  }
  napi_value signal = js::Get(env, value, "signal");
  if (js::TypeOf(env, signal) != napi_undefined) {
    napi_value aborted = js::Get(env, signal, "aborted");
    if (!js::IsObject(env, signal) || js::TypeOf(env, aborted) != napi_boolean ||
        js::TypeOf(env, js::Get(env, signal, "addEventListener")) != napi_function) {
      *bad = "StartProgressWorker: controls.signal must be an AbortSignal";
      return false;
    }
    controls->signal = signal;
  }
  napi_value mode = js::Get(env, value, "mode");
  if (js::TypeOf(env, mode) != napi_undefined) {
    char text[8] = {0};
    size_t length = 0;
    if (js::TypeOf(env, mode) != napi_string ||
        napi_get_value_string_utf8(env, mode, text, sizeof(text), &length) != napi_ok ||
        (std::string(text, length) != "queue" && std::string(text, length) != "latest")) {
      *bad = "StartProgressWorker: controls.mode must be 'queue' or 'latest'";
      return false;
    }
    controls->latest = std::string(text, length) == "latest";
  }
  return true;
}

inline bool IsAborted(napi_env env, napi_value signal) {
  bool aborted = false;
  return signal != nullptr && napi_get_value_bool(env, js::Get(env, signal, "aborted"), &aborted) ==
                                  napi_ok && aborted;
}

template <class Progress, class R, class Work>
Napi::Value StartJob(Napi::Env env, napi_value controls_value, Work work,
                     const ProgressWorkerOptions& options) {
  // Tearing down (worker.terminate(), exit): no JS can run or catch an error
  // here, and throwing one makes node-addon-api's wrappers abort. The work
  // never starts.
  if (!EnvRegistry::CanRunJs(env)) return Napi::Value();
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
    napi_value error = TakePendingException(env);
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
      napi_value error = TakePendingException(env);
      if (error == nullptr) error = js::MakeError(env, "StartProgressWorker: cannot listen to the signal");
      if (error == nullptr) return Napi::Value();  // the environment is going
      NAPI_THROW(Napi::Error(env, error), Napi::Value());
    }
  }

  job->hook_ = AddEnvExitHook(env, [weak = std::weak_ptr<JobCore>(job)](Napi::Env, EnvKind) {
    if (auto core = weak.lock()) core->CancelAndJoin();  // rule 6
  });
  ExitWatch::Watch(env, job);  // process.exit() on the main thread runs no exit hook

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
