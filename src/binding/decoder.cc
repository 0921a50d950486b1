#include "src/binding/decoder.h"

#include <cstring>
#include <memory>

#include "src/binding/wire_format.h"

namespace tscb {
namespace binding {
namespace wire {

namespace {

class Decoder {
 public:
  Decoder(napi_env env, const uint8_t* data) noexcept : env_(env), base_(data), next_(data) {}

  bool Value(napi_value* out) {
    const uint8_t tag = *next_++;
    switch (tag) {
      case kUndefined:
        return napi_get_undefined(env_, out) == napi_ok;
      case kNull:
        return napi_get_null(env_, out) == napi_ok;
      case kFalse:
      case kTrue:
        return napi_get_boolean(env_, tag == kTrue, out) == napi_ok;
      case kInt32:
        return napi_create_int32(env_, Read<int32_t>(), out) == napi_ok;
      case kDouble:
        return napi_create_double(env_, Read<double>(), out) == napi_ok;
      case kBigInt:
        return BigInt(out);
      case kLatin1:
      case kUtf16:
        return String(tag, out);
      case kArrayBuffer: {
        const std::size_t size = static_cast<std::size_t>(Read<uint64_t>());
        return NewArrayBuffer(size, out);
      }
      case kTypedArray: {
        const auto type = static_cast<napi_typedarray_type>(Read<uint8_t>());
        const std::size_t size = static_cast<std::size_t>(Read<uint64_t>());
        napi_value buffer = nullptr;
        return NewArrayBuffer(size, &buffer) &&
               napi_create_typedarray(env_, type, size / ElementSize(type), buffer, 0, out) ==
                   napi_ok;
      }
      case kBuffer: {
        const std::size_t size = static_cast<std::size_t>(Read<uint64_t>());
        const uint8_t* bytes = Skip(size);
        return napi_create_buffer_copy(env_, size, bytes, nullptr, out) == napi_ok;
      }
      case kDataView: {
        const std::size_t size = static_cast<std::size_t>(Read<uint64_t>());
        napi_value buffer = nullptr;
        return NewArrayBuffer(size, &buffer) &&
               napi_create_dataview(env_, size, buffer, 0, out) == napi_ok;
      }
      case kArray:
        return Array(out);
      case kObject:
        return Object(out);
      default:
        napi_throw_error(env_, nullptr, "threadsafe-callback: corrupt argument copy");
        return false;
    }
  }

 private:
  template <class T>
  T Read() {
    T value;
    std::memcpy(&value, next_, sizeof(T));
    next_ += sizeof(T);
    return value;
  }

  const uint8_t* Skip(std::size_t count) {
    const uint8_t* where = next_;
    next_ += count;
    return where;
  }

  bool String(uint8_t tag, napi_value* out) {
    const std::size_t length = Read<uint32_t>();
    if (((next_ - base_) & 1) != 0) ++next_;
    if (tag == kLatin1) {
      const char* bytes = reinterpret_cast<const char*>(Skip(length));
      return napi_create_string_latin1(env_, bytes, length, out) == napi_ok;
    }
    const char16_t* units = reinterpret_cast<const char16_t*>(Skip(length * sizeof(char16_t)));
    return napi_create_string_utf16(env_, units, length, out) == napi_ok;
  }

  bool BigInt(napi_value* out) {
    const int sign = Read<uint8_t>();
    const std::size_t count = Read<uint32_t>();
    uint64_t inline_words[4];
    std::unique_ptr<uint64_t[]> heap_words;
    uint64_t* words = inline_words;
    if (count > 4) {
      heap_words.reset(new uint64_t[count]);
      words = heap_words.get();
    }
    if (count != 0) std::memcpy(words, Skip(count * sizeof(uint64_t)), count * sizeof(uint64_t));
    return napi_create_bigint_words(env_, sign, count, words, out) == napi_ok;
  }

  bool NewArrayBuffer(std::size_t size, napi_value* out) {
    const uint8_t* bytes = Skip(size);
    void* data = nullptr;
    if (napi_create_arraybuffer(env_, size, &data, out) != napi_ok) return false;
    if (size != 0) std::memcpy(data, bytes, size);
    return true;
  }

  bool Array(napi_value* out) {
    const uint32_t length = Read<uint32_t>();
    if (napi_create_array_with_length(env_, length, out) != napi_ok) return false;
    ChunkScope scope(env_);
    for (uint32_t i = 0; i < length; ++i) {
      scope.Step(i, length);
      napi_value element = nullptr;
      if (!Value(&element) || napi_set_element(env_, *out, i, element) != napi_ok) return false;
    }
    return true;
  }

  // Properties are defined, not assigned: no setter on Object.prototype runs
  // and a key named "__proto__" stays an own property, as it was.
  bool Object(napi_value* out) {
    constexpr uint32_t kBatch = 8;  // small: this frame recurses with the nesting
    const uint32_t count = Read<uint32_t>();
    if (napi_create_object(env_, out) != napi_ok) return false;
    napi_property_descriptor batch[kBatch];
    for (uint32_t done = 0; done < count;) {
      napi_handle_scope scope = nullptr;
      if (napi_open_handle_scope(env_, &scope) != napi_ok) return false;
      const uint32_t size = count - done < kBatch ? count - done : kBatch;
      bool ok = true;
      for (uint32_t i = 0; ok && i < size; ++i) {
        batch[i] = napi_property_descriptor{nullptr, nullptr, nullptr, nullptr, nullptr,
                                            nullptr, napi_default_jsproperty, nullptr};
        ok = Value(&batch[i].name) && Value(&batch[i].value);
      }
      ok = ok && napi_define_properties(env_, *out, size, batch) == napi_ok;
      napi_close_handle_scope(env_, scope);
      if (!ok) return false;
      done += size;
    }
    return true;
  }

  napi_env env_;
  const uint8_t* const base_;
  const uint8_t* next_;
};


}  // namespace

bool Decode(napi_env env, const uint8_t* data, std::size_t count, napi_value* out) {
  Decoder decoder(env, data);
  for (std::size_t i = 0; i < count; ++i) {
    if (!decoder.Value(&out[i])) return false;
  }
  return true;
}

}  // namespace wire
}  // namespace binding
}  // namespace tscb
