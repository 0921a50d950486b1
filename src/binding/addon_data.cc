#include "src/binding/addon_data.h"

#include <initializer_list>

namespace tscb {
namespace binding {

namespace {

constexpr const char* kBuiltinNames[] = {
    "Object",       "Array",        "ArrayBuffer",       "DataView",     "Buffer",
    "Int8Array",    "Uint8Array",   "Uint8ClampedArray", "Int16Array",   "Uint16Array",
    "Int32Array",   "Uint32Array",  "Float32Array",      "Float64Array", "BigInt64Array",
    "BigUint64Array",
};
static_assert(sizeof(kBuiltinNames) / sizeof(kBuiltinNames[0]) ==
                  static_cast<std::size_t>(AddonData::Builtin::kCount),
              "one name per built-in");

}  // namespace

AddonData* AddonData::Create(napi_env env) {
  auto* data = new AddonData(env);
  napi_value global = nullptr;
  napi_value sentinel = nullptr;
  bool ok = napi_get_global(env, &global) == napi_ok && napi_create_object(env, &sentinel) == napi_ok;
  for (std::size_t i = 0; ok && i < static_cast<std::size_t>(Builtin::kCount); ++i) {
    napi_value constructor = nullptr;
    napi_value prototype = nullptr;
    napi_valuetype type = napi_undefined;
    if (napi_get_named_property(env, global, kBuiltinNames[i], &constructor) != napi_ok ||
        napi_typeof(env, constructor, &type) != napi_ok) {
      ok = false;
      break;
    }
    if (type != napi_function) continue;  // a built-in this environment lacks
    if (napi_get_named_property(env, constructor, "prototype", &prototype) != napi_ok) {
      ok = false;
      break;
    }
    data->prototypes_[i] = data->Keep(prototype);
  }
  if (ok) data->sentinel_ = data->Keep(sentinel);
  if (!ok || data->sentinel_ == nullptr ||
      napi_set_instance_data(env, data, &AddonData::Delete, nullptr) != napi_ok) {
    delete data;
    return nullptr;
  }
  return data;
}

AddonData* AddonData::Of(napi_env env) {
  void* data = nullptr;
  napi_get_instance_data(env, &data);
  return static_cast<AddonData*>(data);
}

AddonData::~AddonData() {
  for (napi_ref ref : prototypes_) {
    if (ref != nullptr) napi_delete_reference(env_, ref);
  }
  for (napi_ref ref : {is_proxy_, copy_error_, handle_class_, sentinel_}) {
    if (ref != nullptr) napi_delete_reference(env_, ref);
  }
}

void AddonData::Delete(napi_env, void* data, void*) { delete static_cast<AddonData*>(data); }

bool AddonData::Setup(napi_value is_proxy, napi_value copy_error) {
  if (IsSetUp()) return true;  // once per environment
  is_proxy_ = Keep(is_proxy);
  copy_error_ = Keep(copy_error);
  return IsSetUp();
}

void AddonData::SetHandleClass(napi_value handle_class) { handle_class_ = Keep(handle_class); }

napi_value AddonData::Get(napi_ref ref) const {
  napi_value value = nullptr;
  if (ref != nullptr) napi_get_reference_value(env_, ref, &value);
  return value;
}

napi_ref AddonData::Keep(napi_value value) const {
  napi_ref ref = nullptr;
  if (napi_create_reference(env_, value, 1, &ref) != napi_ok) return nullptr;
  return ref;
}

napi_value AddonData::Prototype(Builtin builtin) const {
  return Get(prototypes_[static_cast<std::size_t>(builtin)]);
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
  napi_value sentinel = HandleSentinel();
  bool same = false;
  return sentinel != nullptr && napi_strict_equals(env_, value, sentinel, &same) == napi_ok && same;
}

}  // namespace binding
}  // namespace tscb
