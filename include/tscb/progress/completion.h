// How a progress job ends: the work's outcome, carried from its thread to the
// JS thread, and the closure that settles the job's Promise there.
#ifndef TSCB_PROGRESS_COMPLETION_H_
#define TSCB_PROGRESS_COMPLETION_H_

#include <node_api.h>

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "threadsafe_callback.h"
#include "tscb/config.h"
#include "tscb/napi/env_registry.h"
#include "tscb/napi/js.h"
#include "tscb/progress/job.h"

namespace tscb {
namespace detail {

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
      if (napi_value thrown = js::TakePendingException(env)) {
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
    EnvRegistry::RemoveHook(env, job->hook_);
    napi_value signal = js::Get(env, holder, "signal");
    napi_value listener = js::Get(env, holder, "listener");
    if (js::TypeOf(env, listener) == napi_function && js::IsObject(env, signal)) {
      napi_value argv[2] = {js::String(env, "abort"), listener};
      js::CallMethod(env, signal, "removeEventListener", 2, argv);
      js::TakePendingException(env);
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

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_PROGRESS_COMPLETION_H_
