#include "src/binding/encoder.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "src/binding/addon_data.h"
#include "src/binding/byte_writer.h"
#include "src/binding/wire_format.h"
#include "tscb/napi/js.h"

namespace tscb {
namespace binding {
namespace wire {

namespace {

class Encoder {
 public:
  Encoder(napi_env env, AddonData& data, Scratch& scratch) noexcept
      : env_(env),
        data_(data),
        out_(scratch.bytes),
        path_(scratch.path),
        ancestors_(scratch.ancestors) {}

  bool Arguments(std::size_t argc, const napi_value* argv) {
    path_.push_back(PathSegment{nullptr, 0});
    for (std::size_t i = 0; i < argc; ++i) {
      path_.back() = PathSegment{nullptr, static_cast<uint32_t>(i)};
      if (!Value(argv[i])) return false;
    }
    path_.pop_back();
    return true;
  }

 private:
  // Why a value cannot be copied; the names are lib/errors.js's.
  enum class Reason { kType, kProxy, kCycle, kGetter, kDepth };

  bool Value(napi_value value) {
    napi_valuetype type = napi_undefined;
    if (napi_typeof(env_, value, &type) != napi_ok) return Unexpected();
    switch (type) {
      case napi_undefined:
        return PutTag(kUndefined);
      case napi_null:
        return PutTag(kNull);
      case napi_boolean: {
        bool flag = false;
        if (napi_get_value_bool(env_, value, &flag) != napi_ok) return Unexpected();
        return PutTag(flag ? kTrue : kFalse);
      }
      case napi_number: {
        double number = 0;
        if (napi_get_value_double(env_, value, &number) != napi_ok) return Unexpected();
        return Number(number);
      }
      case napi_string:
        return String(value);
      case napi_bigint:
        return BigInt(value);
      case napi_object:
        return Object(value);
      default:  // function, symbol, external
        return Fail(Reason::kType, value);
    }
  }

  bool Number(double number) {
    if (number >= std::numeric_limits<int32_t>::min() &&
        number <= std::numeric_limits<int32_t>::max()) {
      const int32_t small = static_cast<int32_t>(number);
      if (static_cast<double>(small) == number && !(small == 0 && std::signbit(number))) {
        return PutTag(kInt32) && Written(out_.Put(small));
      }
    }
    return PutTag(kDouble) && Written(out_.Put(number));
  }

  // Tag, length, padding to an even offset, then the code units; narrowed in
  // place to Latin-1 when every unit fits in a byte. Short strings take one
  // Node-API call.
  bool String(napi_value value) {
    const std::size_t head = out_.size();
    if (out_.Append(1 + sizeof(uint32_t)) == nullptr) return Written(false);
    if ((out_.size() & 1) != 0 && out_.Append(1) == nullptr) return Written(false);
    const std::size_t units_at = out_.size();
    if (out_.Append(kShortString * sizeof(char16_t)) == nullptr) return Written(false);
    std::size_t length = 0;
    if (napi_get_value_string_utf16(env_, value, Units(units_at), kShortString, &length) !=
        napi_ok) {
      return Unexpected();
    }
    if (length + 1 >= kShortString) {  // perhaps cut short: ask for the length
      std::size_t full = 0;
      if (napi_get_value_string_utf16(env_, value, nullptr, 0, &full) != napi_ok) {
        return Unexpected();
      }
      if (full > length) {
        out_.Truncate(units_at);
        if (out_.Append((full + 1) * sizeof(char16_t)) == nullptr) return Written(false);
        if (napi_get_value_string_utf16(env_, value, Units(units_at), full + 1, &length) !=
            napi_ok) {
          return Unexpected();
        }
      }
    }
    uint8_t tag = kUtf16;
    if (FitsLatin1(Units(units_at), length)) {
      NarrowInPlace(out_.at(units_at), length);
      out_.Truncate(units_at + length);
      tag = kLatin1;
    } else {
      out_.Truncate(units_at + length * sizeof(char16_t));
    }
    const uint32_t length32 = static_cast<uint32_t>(length);
    *out_.at(head) = tag;
    std::memcpy(out_.at(head + 1), &length32, sizeof(length32));
    return true;
  }

  char16_t* Units(std::size_t offset) { return reinterpret_cast<char16_t*>(out_.at(offset)); }

  // Whether every code unit is below 256 (the loop vectorizes: no early exit).
  static bool FitsLatin1(const char16_t* units, std::size_t length) {
    char16_t any = 0;
    for (std::size_t i = 0; i < length; ++i) any |= units[i];
    return any < 0x100;
  }

  // Code units -> bytes, in place. Each chunk is read whole before it is
  // written, and a write never reaches bytes not yet read.
  static void NarrowInPlace(uint8_t* bytes, std::size_t length) {
    std::size_t i = 0;
    for (; i + 8 <= length; i += 8) {
      char16_t chunk[8];
      std::memcpy(chunk, bytes + 2 * i, sizeof(chunk));
      for (std::size_t k = 0; k < 8; ++k) bytes[i + k] = static_cast<uint8_t>(chunk[k]);
    }
    for (; i < length; ++i) {
      char16_t unit;
      std::memcpy(&unit, bytes + 2 * i, sizeof(unit));
      bytes[i] = static_cast<uint8_t>(unit);
    }
  }

  bool BigInt(napi_value value) {
    std::size_t count = 0;
    if (napi_get_value_bigint_words(env_, value, nullptr, &count, nullptr) != napi_ok) {
      return Unexpected();
    }
    uint64_t inline_words[4];
    std::unique_ptr<uint64_t[]> heap_words;
    uint64_t* words = inline_words;
    if (count > 4) {
      heap_words.reset(new (std::nothrow) uint64_t[count]);
      if (!heap_words) return Written(false);
      words = heap_words.get();
    }
    int sign = 0;
    if (napi_get_value_bigint_words(env_, value, &sign, &count, words) != napi_ok) {
      return Unexpected();
    }
    return PutTag(kBigInt) && Written(out_.Put(static_cast<uint8_t>(sign != 0))) &&
           Written(out_.Put(static_cast<uint32_t>(count))) &&
           Written(out_.PutBytes(words, count * sizeof(uint64_t)));
  }

  bool Object(napi_value value) {
    bool is = false;
    if (napi_is_array(env_, value, &is) != napi_ok) return Unexpected();
    if (is) return Array(value);
    if (napi_is_typedarray(env_, value, &is) != napi_ok) return Unexpected();
    if (is) return TypedArray(value);
    if (napi_is_dataview(env_, value, &is) != napi_ok) return Unexpected();
    if (is) return DataView(value);
    if (napi_is_arraybuffer(env_, value, &is) != napi_ok) return Unexpected();
    if (is) return ArrayBuffer(value);
    // Before anything that could run a Proxy's traps.
    if (!IsProxy(value, &is)) return false;
    if (is) return Fail(Reason::kProxy, value);
    napi_value prototype = nullptr;
    if (napi_get_prototype(env_, value, &prototype) != napi_ok) return Unexpected();
    napi_valuetype type = napi_undefined;
    if (napi_typeof(env_, prototype, &type) != napi_ok) return Unexpected();
    if (type != napi_null && !Is(prototype, data_.Prototype(AddonData::Builtin::kObject))) {
      return Fail(Reason::kType, value);
    }
    return PlainObject(value);
  }

  bool Array(napi_value array) {
    if (!HasPrototype(array, data_.Prototype(AddonData::Builtin::kArray))) {
      return Fail(Reason::kType, array);
    }
    if (!Enter(array)) return false;
    uint32_t length = 0;
    if (napi_get_array_length(env_, array, &length) != napi_ok) return Unexpected();
    if (!PutTag(kArray) || !Written(out_.Put(length))) return false;
    path_.push_back(PathSegment{nullptr, 0});
    ChunkScope scope(env_);
    for (uint32_t i = 0; i < length; ++i) {
      scope.Step(i, length);
      path_.back() = PathSegment{nullptr, i};
      napi_value element = nullptr;
      if (napi_get_element(env_, array, i, &element) != napi_ok) return Threw();
      if (!Value(element)) return false;
    }
    path_.pop_back();
    ancestors_.pop_back();
    return true;
  }

  bool PlainObject(napi_value object) {
    if (!Enter(object)) return false;
    napi_value keys = nullptr;
    if (napi_get_all_property_names(
            env_, object, napi_key_own_only,
            static_cast<napi_key_filter>(napi_key_enumerable | napi_key_skip_symbols),
            napi_key_numbers_to_strings, &keys) != napi_ok) {
      return Threw();
    }
    uint32_t count = 0;
    if (napi_get_array_length(env_, keys, &count) != napi_ok) return Unexpected();
    if (!PutTag(kObject) || !Written(out_.Put(count))) return false;
    path_.push_back(PathSegment{nullptr, 0});
    ChunkScope scope(env_);
    for (uint32_t i = 0; i < count; ++i) {
      scope.Step(i, count);
      napi_value key = nullptr;
      if (napi_get_element(env_, keys, i, &key) != napi_ok) return Unexpected();
      path_.back() = PathSegment{key, 0};
      if (!String(key)) return false;
      napi_value property = nullptr;
      if (napi_get_property(env_, object, key, &property) != napi_ok) return Threw();
      if (!Value(property)) return false;
    }
    path_.pop_back();
    ancestors_.pop_back();
    return true;
  }

  bool TypedArray(napi_value view) {
    napi_typedarray_type type = napi_uint8_array;
    std::size_t length = 0;
    void* bytes = nullptr;
    if (napi_get_typedarray_info(env_, view, &type, &length, &bytes, nullptr, nullptr) !=
        napi_ok) {
      return Unexpected();
    }
    const std::size_t element_size = ElementSize(type);
    if (element_size == 0) return Fail(Reason::kType, view);
    napi_value prototype = nullptr;
    if (napi_get_prototype(env_, view, &prototype) != napi_ok) return Unexpected();
    const std::size_t size = length * element_size;
    if (type == napi_uint8_array && Is(prototype, data_.Prototype(AddonData::Builtin::kBuffer))) {
      return PutTag(kBuffer) && PutBlock(bytes, size);
    }
    if (!Is(prototype, data_.TypedArrayPrototype(type))) return Fail(Reason::kType, view);
    return PutTag(kTypedArray) && Written(out_.Put(static_cast<uint8_t>(type))) &&
           PutBlock(bytes, size);
  }

  bool DataView(napi_value view) {
    if (!HasPrototype(view, data_.Prototype(AddonData::Builtin::kDataView))) {
      return Fail(Reason::kType, view);
    }
    std::size_t size = 0;
    void* bytes = nullptr;
    if (napi_get_dataview_info(env_, view, &size, &bytes, nullptr, nullptr) != napi_ok) {
      return Unexpected();
    }
    return PutTag(kDataView) && PutBlock(bytes, size);
  }

  bool ArrayBuffer(napi_value buffer) {
    if (!HasPrototype(buffer, data_.Prototype(AddonData::Builtin::kArrayBuffer))) {
      return Fail(Reason::kType, buffer);
    }
    std::size_t size = 0;
    void* bytes = nullptr;
    if (napi_get_arraybuffer_info(env_, buffer, &bytes, &size) != napi_ok) return Unexpected();
    return PutTag(kArrayBuffer) && PutBlock(bytes, size);  // detached: empty
  }

  // ---- helpers ---------------------------------------------------------------

  bool PutTag(uint8_t tag) { return Written(out_.Put(tag)); }

  bool PutBlock(const void* bytes, std::size_t size) {
    return Written(out_.Put(static_cast<uint64_t>(size))) &&
           Written(out_.PutBytes(size != 0 ? bytes : nullptr, size));
  }

  bool Is(napi_value a, napi_value b) {
    if (a == nullptr || b == nullptr) return false;
    bool same = false;
    return napi_strict_equals(env_, a, b, &same) == napi_ok && same;
  }

  bool HasPrototype(napi_value object, napi_value expected) {
    napi_value prototype = nullptr;
    return napi_get_prototype(env_, object, &prototype) == napi_ok && Is(prototype, expected);
  }

  bool IsProxy(napi_value value, bool* result) {
    napi_value undefined = nullptr;
    napi_value answer = nullptr;
    if (napi_get_undefined(env_, &undefined) != napi_ok ||
        napi_call_function(env_, undefined, data_.IsProxyFunction(), 1, &value, &answer) !=
            napi_ok ||
        napi_get_value_bool(env_, answer, result) != napi_ok) {
      return Unexpected();
    }
    return true;
  }

  // Before copying a container's children: refuses cycles and deep nesting.
  bool Enter(napi_value container) {
    for (std::size_t i = 0; i < ancestors_.size(); ++i) {
      if (Is(ancestors_[i], container)) return Fail(Reason::kCycle, container, nullptr, i + 1);
    }
    if (ancestors_.size() >= kMaxDepth) return Fail(Reason::kDepth, container);
    ancestors_.push_back(container);
    return true;
  }

  // A Node-API call that may run JS failed: a getter or a trap threw.
  bool Threw() {
    napi_value cause = tscb::detail::js::TakePendingException(env_);
    if (cause == nullptr) return Unexpected();
    return Fail(Reason::kGetter, nullptr, cause);
  }

  // Out of memory while writing: a RangeError, as for a failed allocation.
  bool Written(bool ok) {
    if (!ok && !out_of_memory_) {
      out_of_memory_ = true;
      napi_throw_range_error(env_, "ERR_MEMORY_ALLOCATION_FAILED",
                             "Failed to allocate memory to copy the arguments");
    }
    return ok;
  }

  // A Node-API call failed for no reason of the value's: leave a pending
  // exception (the environment may be terminating) or report a generic one.
  bool Unexpected() {
    bool pending = false;
    if (napi_is_exception_pending(env_, &pending) == napi_ok && !pending) {
      napi_throw_error(env_, nullptr, "threadsafe-callback: the arguments could not be copied");
    }
    return false;
  }

  // Throws the error lib/errors.js builds from the path and the reason.
  bool Fail(Reason reason, napi_value value, napi_value cause = nullptr,
            std::size_t cycle_target = 0) {
    static const char* const kReasons[] = {"type", "proxy", "cycle", "getter", "depth"};
    napi_value undefined = nullptr;
    napi_value segments = nullptr;
    napi_get_undefined(env_, &undefined);
    if (napi_create_array_with_length(env_, path_.size(), &segments) != napi_ok) {
      return Unexpected();
    }
    for (std::size_t i = 0; i < path_.size(); ++i) {
      napi_value segment = path_[i].key;
      if (segment == nullptr) napi_create_uint32(env_, path_[i].index, &segment);
      napi_set_element(env_, segments, static_cast<uint32_t>(i), segment);
    }
    napi_value argv[5] = {segments, value != nullptr ? value : undefined, nullptr, nullptr,
                          cause != nullptr ? cause : undefined};
    napi_create_string_utf8(env_, kReasons[static_cast<int>(reason)], NAPI_AUTO_LENGTH,
                            &argv[2]);
    napi_create_uint32(env_, static_cast<uint32_t>(cycle_target), &argv[3]);
    napi_value error = nullptr;
    if (napi_call_function(env_, undefined, data_.CopyErrorFunction(), 5, argv, &error) !=
        napi_ok) {
      return Unexpected();  // the factory's own exception stays pending
    }
    napi_throw(env_, error);
    return false;
  }

  napi_env env_;
  AddonData& data_;
  ByteWriter& out_;
  std::vector<PathSegment>& path_;
  std::vector<napi_value>& ancestors_;
  bool out_of_memory_ = false;
};


}  // namespace

bool Encode(napi_env env, AddonData& data, Scratch& scratch, std::size_t argc,
            const napi_value* argv) {
  return Encoder(env, data, scratch).Arguments(argc, argv);
}

}  // namespace wire
}  // namespace binding
}  // namespace tscb
