// Registration of the package's own binding. Context aware: everything an
// environment needs lives in its AddonData (Node-API instance data); the only
// process-wide state is the token index (token_table.cc), by design.
#include <node_api.h>

#include <cstdint>
#include <string>

#include "src/binding/addon_data.h"
#include "src/binding/callback_object.h"
#include "src/binding/token_table.h"
#include "tscb/napi/js.h"

namespace tscb {
namespace binding {

namespace {

namespace js = tscb::detail::js;

// setup({ isProxy, copyError }): lib/ hands over its helpers once per
// environment, before the first call().
napi_value Setup(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value helpers = nullptr;
  napi_value is_proxy = nullptr;
  napi_value copy_error = nullptr;
  if (napi_get_cb_info(env, info, &argc, &helpers, nullptr, nullptr) != napi_ok ||
      napi_get_named_property(env, helpers, "isProxy", &is_proxy) != napi_ok ||
      napi_get_named_property(env, helpers, "copyError", &copy_error) != napi_ok) {
    return nullptr;
  }
  AddonData* data = AddonData::Of(env);
  if (!js::IsFunction(env, is_proxy) || !js::IsFunction(env, copy_error) || data == nullptr ||
      !data->Setup(is_proxy, copy_error)) {
    napi_throw_type_error(env, nullptr, "setup: isProxy and copyError must be functions");
  }
  return nullptr;
}

// isToken(value): whether `value` is a string in the token format (of any
// process). The format is defined in token_table.cc only.
napi_value IsToken(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value value = nullptr;
  std::string text;
  uint64_t id = 0;
  return js::Boolean(env, napi_get_cb_info(env, info, &argc, &value, nullptr, nullptr) == napi_ok &&
                              argc == 1 && TokenTable::Read(env, value, &text, &id));
}

// abortError(reason): Node's own AbortError, made where native jobs make
// theirs (tscb/napi/js.h), so its shape has one home.
napi_value AbortError(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value reason = nullptr;
  if (napi_get_cb_info(env, info, &argc, &reason, nullptr, nullptr) != napi_ok) return nullptr;
  return js::MakeAbortError(env, argc >= 1 ? reason : nullptr);
}

bool Export(napi_env env, napi_value exports, const char* name, napi_callback callback) {
  napi_value function = nullptr;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, nullptr, &function) ==
             napi_ok &&
         napi_set_named_property(env, exports, name, function) == napi_ok;
}

}  // namespace

napi_value Init(napi_env env, napi_value exports) {
  AddonData* data = AddonData::Create(env);  // instance data: deleted at teardown
  if (data == nullptr || !CallbackObject::Define(env, *data, exports) ||
      !Export(env, exports, "redeem", &CallbackObject::Redeem) ||
      !Export(env, exports, "isToken", &IsToken) ||
      !Export(env, exports, "abortError", &AbortError) ||
      !Export(env, exports, "setup", &Setup)) {
    return nullptr;
  }
  return exports;
}

}  // namespace binding
}  // namespace tscb

NAPI_MODULE_INIT() { return tscb::binding::Init(env, exports); }
