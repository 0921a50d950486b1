// The binding's per-environment state, kept as Node-API instance data: the
// built-in prototypes the copier compares against, the helpers lib/ hands
// over (util.types.isProxy and the copy error factory), and the two classes.
// Nothing here is shared between environments.
//
// Raw Node-API, like the rest of the binding: no path here throws a C++
// exception, so nothing can abort a Worker whose termination has begun.
#ifndef TSCB_BINDING_ADDON_DATA_H_
#define TSCB_BINDING_ADDON_DATA_H_

#include <node_api.h>

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

  // Makes this environment's data, capturing the built-in prototypes from the
  // global object, and sets it as instance data (deleted at teardown). Null
  // on failure, with an exception pending when one can be thrown. JS thread.
  static AddonData* Create(napi_env env);

  // This environment's data. JS thread only.
  static AddonData* Of(napi_env env);

  AddonData(const AddonData&) = delete;
  AddonData& operator=(const AddonData&) = delete;
  ~AddonData();

  // The helpers from lib/index.js: util.types.isProxy and the factory of copy
  // errors (lib/errors.js). JS thread only.
  bool Setup(napi_value is_proxy, napi_value copy_error);
  bool IsSetUp() const noexcept { return is_proxy_ != nullptr && copy_error_ != nullptr; }

  // A built-in's prototype, or null when the global had none. JS thread only.
  napi_value Prototype(Builtin builtin) const;

  // The prototype a typed array of `type` has, or null for an unknown kind.
  // JS thread only.
  napi_value TypedArrayPrototype(napi_typedarray_type type) const;

  // The helpers given to Setup(). JS thread only.
  napi_value IsProxyFunction() const { return Get(is_proxy_); }
  napi_value CopyErrorFunction() const { return Get(copy_error_); }

  // The JS class of shared handles, ThreadSafeCallbackHandle (Redeem()
  // constructs it). Set once by CallbackObject::Define(). JS thread only.
  napi_value HandleClass() const { return Get(handle_class_); }
  void SetHandleClass(napi_value handle_class);

  // An object only native code can reach: passing it to the handle class's
  // constructor proves the call comes from here. JS thread only.
  napi_value HandleSentinel() const { return Get(sentinel_); }
  bool IsHandleSentinel(napi_value value) const;

 private:
  explicit AddonData(napi_env env) noexcept : env_(env) {}

  napi_value Get(napi_ref ref) const;
  napi_ref Keep(napi_value value) const;
  static void Delete(napi_env env, void* data, void* hint);

  const napi_env env_;
  napi_ref prototypes_[static_cast<std::size_t>(Builtin::kCount)] = {};
  napi_ref is_proxy_ = nullptr;
  napi_ref copy_error_ = nullptr;
  napi_ref handle_class_ = nullptr;
  napi_ref sentinel_ = nullptr;
};

}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_ADDON_DATA_H_
