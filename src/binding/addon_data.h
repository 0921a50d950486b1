// The binding's per-environment state, kept as Node-API instance data: the
// built-in prototypes the copier compares against, the helpers lib/ hands
// over (util.types.isProxy and the copy error factory), and the two classes.
// Nothing here is shared between environments.
#ifndef TSCB_BINDING_ADDON_DATA_H_
#define TSCB_BINDING_ADDON_DATA_H_

#include <napi.h>

#include <cstddef>

namespace tscb {
namespace binding {

class AddonData {
 public:
  // Prototypes of the built-ins that can be copied.
  enum class Builtin : std::size_t {
    kObject,
    kArray,
    kArrayBuffer,
    kDataView,
    kBuffer,
    kInt8Array,
    kUint8Array,
    kUint8ClampedArray,
    kInt16Array,
    kUint16Array,
    kInt32Array,
    kUint32Array,
    kFloat32Array,
    kFloat64Array,
    kBigInt64Array,
    kBigUint64Array,
    kCount,
  };

  // Captures the built-in prototypes from the global object. JS thread only.
  explicit AddonData(Napi::Env env);

  AddonData(const AddonData&) = delete;
  AddonData& operator=(const AddonData&) = delete;

  // This environment's data (set by the module's init). JS thread only.
  static AddonData* Of(napi_env env);

  // The helpers from lib/index.js: util.types.isProxy and the factory of copy
  // errors (lib/errors.js). JS thread only.
  void Setup(Napi::Function is_proxy, Napi::Function copy_error);
  bool IsSetUp() const noexcept { return !is_proxy_.IsEmpty(); }

  // A built-in's prototype, or null when the global had none. JS thread only.
  napi_value Prototype(Builtin builtin) const;

  // The prototype a typed array of `type` has, or null for an unknown kind.
  // JS thread only.
  napi_value TypedArrayPrototype(napi_typedarray_type type) const;

  // The helpers given to Setup(). JS thread only.
  napi_value IsProxyFunction() const { return is_proxy_.Value(); }
  napi_value CopyErrorFunction() const { return copy_error_.Value(); }

  // The JS classes: ThreadSafeCallback (owner) and ThreadSafeCallbackHandle.
  Napi::FunctionReference owner_class;
  Napi::FunctionReference handle_class;

  // An object only native code can reach: passing it to the handle class's
  // constructor proves the call comes from here. JS thread only.
  napi_value HandleSentinel() const { return sentinel_.Value(); }
  bool IsHandleSentinel(napi_value value) const;

 private:
  Napi::ObjectReference prototypes_[static_cast<std::size_t>(Builtin::kCount)];
  Napi::FunctionReference is_proxy_;
  Napi::FunctionReference copy_error_;
  Napi::ObjectReference sentinel_;
};

}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_ADDON_DATA_H_
