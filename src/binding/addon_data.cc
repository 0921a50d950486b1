#include "addon_data.h"

namespace tscb {
namespace binding {

namespace {

constexpr const char* kBuiltinNames[] = {
    "Object",      "Array",        "ArrayBuffer",  "DataView",          "Buffer",
    "Int8Array",   "Uint8Array",   "Uint8ClampedArray", "Int16Array",   "Uint16Array",
    "Int32Array",  "Uint32Array",  "Float32Array", "Float64Array",      "BigInt64Array",
    "BigUint64Array",
};
static_assert(sizeof(kBuiltinNames) / sizeof(kBuiltinNames[0]) ==
                  static_cast<std::size_t>(AddonData::Builtin::kCount),
              "one name per built-in");

}  // namespace

AddonData::AddonData(Napi::Env env) {
  Napi::Object global = env.Global();
  for (std::size_t i = 0; i < static_cast<std::size_t>(Builtin::kCount); ++i) {
    Napi::Value constructor = global.Get(kBuiltinNames[i]);
    if (!constructor.IsFunction()) continue;
    Napi::Value prototype = constructor.As<Napi::Function>().Get("prototype");
    if (prototype.IsObject()) prototypes_[i] = Napi::Persistent(prototype.As<Napi::Object>());
  }
  sentinel_ = Napi::Persistent(Napi::Object::New(env));
}

AddonData* AddonData::Of(napi_env env) { return Napi::Env(env).GetInstanceData<AddonData>(); }

void AddonData::Setup(Napi::Function is_proxy, Napi::Function copy_error) {
  is_proxy_ = Napi::Persistent(is_proxy);
  copy_error_ = Napi::Persistent(copy_error);
}

napi_value AddonData::Prototype(Builtin builtin) const {
  const Napi::ObjectReference& ref = prototypes_[static_cast<std::size_t>(builtin)];
  return ref.IsEmpty() ? nullptr : napi_value(ref.Value());
}

napi_value AddonData::TypedArrayPrototype(napi_typedarray_type type) const {
  switch (type) {
    case napi_int8_array: return Prototype(Builtin::kInt8Array);
    case napi_uint8_array: return Prototype(Builtin::kUint8Array);
    case napi_uint8_clamped_array: return Prototype(Builtin::kUint8ClampedArray);
    case napi_int16_array: return Prototype(Builtin::kInt16Array);
    case napi_uint16_array: return Prototype(Builtin::kUint16Array);
    case napi_int32_array: return Prototype(Builtin::kInt32Array);
    case napi_uint32_array: return Prototype(Builtin::kUint32Array);
    case napi_float32_array: return Prototype(Builtin::kFloat32Array);
    case napi_float64_array: return Prototype(Builtin::kFloat64Array);
    case napi_bigint64_array: return Prototype(Builtin::kBigInt64Array);
    case napi_biguint64_array: return Prototype(Builtin::kBigUint64Array);
    default: return nullptr;  // a kind newer than this binding
  }
}

bool AddonData::IsHandleSentinel(napi_value value) const {
  return Napi::Value(sentinel_.Env(), value).StrictEquals(sentinel_.Value());
}

}  // namespace binding
}  // namespace tscb
