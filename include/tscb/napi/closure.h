// Turns a user closure into a core Task: on the JS thread it is called as
// closure(Napi::Env, Napi::Value receiver, Napi::Function fn), and whatever
// escapes it (a pending JS exception, a Napi::Error, a C++ exception) is
// reported, never unwound into libuv (guarantee 8).
#ifndef TSCB_NAPI_CLOSURE_H_
#define TSCB_NAPI_CLOSURE_H_

#include <napi.h>

#include <exception>
#include <type_traits>
#include <utility>

#include "tscb/config.h"
#include "tscb/core/task.h"
#include "tscb/napi/dispatcher.h"

namespace tscb {
namespace detail {

template <class F>
constexpr bool kIsClosure =
    std::is_invocable_v<std::decay_t<F>&, Napi::Env, Napi::Value, Napi::Function>;

// Runs `body()` (user code) on the JS thread and reports whatever escapes it
// through `dispatcher`: closures and on_finished alike.
template <class Body>
void RunReporting(Dispatcher& dispatcher, Body&& body) {
#if TSCB_HAS_EXCEPTIONS
  try {
    body();
#ifdef NAPI_CPP_EXCEPTIONS
  } catch (const Napi::Error& error) {
    dispatcher.ReportException(error.Value());
#endif
  } catch (const std::exception& error) {
    dispatcher.ReportCppException(error.what());
  } catch (...) {
    dispatcher.ReportCppException("unknown C++ exception");
  }
#else
  body();
#endif
  dispatcher.ReportPendingException();
}

template <class F>
void RunClosure(F& closure, const InvokeContext& context) {
  Napi::Env env(context.env);
  Napi::Value receiver(context.env, context.receiver);
  Napi::Function fn(context.env, context.fn);
  RunReporting(*context.dispatcher, [&] { closure(env, receiver, fn); });
}

// The Task is exactly as large as the closure: up to Task::kInlineSize bytes
// stay inline.
template <class F>
Task MakeClosureTask(F&& closure) {
  static_assert(kIsClosure<F>,
                "a closure must be callable as (Napi::Env, Napi::Value, Napi::Function)");
  return Task([f = std::forward<F>(closure)](void* context) mutable {
    RunClosure(f, *static_cast<const InvokeContext*>(context));
  });
}

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_NAPI_CLOSURE_H_
