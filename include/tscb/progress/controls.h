// What the JS caller of a progress worker passes: `controls`, checked and
// read ({ onProgress, signal, mode }, every field optional), and the abort
// listener put on its signal.
#ifndef TSCB_PROGRESS_CONTROLS_H_
#define TSCB_PROGRESS_CONTROLS_H_

#include <node_api.h>

#include <cstddef>
#include <memory>
#include <string>

#include "tscb/napi/js.h"
#include "tscb/progress/job.h"

namespace tscb {
namespace detail {

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

inline napi_value OnAbort(napi_env env, napi_callback_info info) {
  void* data = nullptr;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
  if (auto core = static_cast<std::weak_ptr<JobCore>*>(data)->lock()) core->Cancel();
  return nullptr;
}

inline void DeleteWeakCore(napi_env, void* data, void*) {
  delete static_cast<std::weak_ptr<JobCore>*>(data);
}

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_PROGRESS_CONTROLS_H_
