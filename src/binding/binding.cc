// Registration of the package's own binding. Context aware: everything an
// environment needs lives in its AddonData (Node-API instance data); the only
// process-wide state is the token index (token_table.cc), by design.
#include <napi.h>

#include "addon_data.h"
#include "callback_object.h"

namespace tscb {
namespace binding {

namespace {

// setup({ isProxy, copyError }): lib/index.js hands over its helpers once per
// environment, before the first call().
void Setup(const Napi::CallbackInfo& info) {
  Napi::Object helpers = info[0].As<Napi::Object>();
  Napi::Value is_proxy = helpers.Get("isProxy");
  Napi::Value copy_error = helpers.Get("copyError");
  if (!is_proxy.IsFunction() || !copy_error.IsFunction()) {
    throw Napi::TypeError::New(info.Env(), "setup: isProxy and copyError must be functions");
  }
  AddonData::Of(info.Env())->Setup(is_proxy.As<Napi::Function>(),
                                   copy_error.As<Napi::Function>());
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData(env);
  env.SetInstanceData(data);  // deleted when the environment tears down
  CallbackObject::Define(env, *data, exports);
  exports.Set("redeem", Napi::Function::New<CallbackObject::Redeem>(env, "redeem"));
  exports.Set("setup", Napi::Function::New<Setup>(env, "setup"));
  return exports;
}

}  // namespace binding
}  // namespace tscb

namespace {
Napi::Object InitBinding(Napi::Env env, Napi::Object exports) {
  return tscb::binding::Init(env, exports);
}
}  // namespace

NODE_API_MODULE(threadsafe_callback_binding, InitBinding)
