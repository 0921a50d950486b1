#include "src/binding/cloned_value.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <vector>

#include "src/binding/addon_data.h"
#include "tscb/napi/js.h"

namespace tscb {
namespace binding {

namespace {

// The encoding: one tag byte per value, then its payload. Numbers are stored
// in host byte order (the copy never leaves the process). String payloads
// start at an even offset, so UTF-16 code units are aligned when read back.
enum Tag : uint8_t {
  kUndefined = 1,
  kNull,
  kFalse,
  kTrue,
  kInt32,        // int32
  kDouble,       // double
  kBigInt,       // u8 sign, u32 word count, u64 words
  kLatin1,       // u32 length, [pad], bytes
  kUtf16,        // u32 length, [pad], code units
  kArrayBuffer,  // u64 byte length, bytes
  kTypedArray,   // u8 napi_typedarray_type, u64 byte length, bytes
  kBuffer,       // u64 byte length, bytes
  kDataView,     // u64 byte length, bytes
  kArray,        // u32 length, elements
  kObject,       // u32 count, (string key, value) pairs
};

// Payloads above this move the encoder's buffer into the copy.
constexpr std::size_t kSpillThreshold = 64 * 1024;
// Nesting deeper than this is refused (the encoder and decoder recurse).
constexpr std::size_t kMaxDepth = 1000;
// Containers open a handle scope per this many children.
constexpr uint32_t kScopeChunk = 128;
// Code units read in one call before asking a string for its length.
constexpr std::size_t kShortString = 64;

std::size_t ElementSize(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array:
    case napi_uint8_array:
    case napi_uint8_clamped_array:
      return 1;
    case napi_int16_array:
    case napi_uint16_array:
      return 2;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array:
      return 4;
    case napi_float64_array:
    case napi_bigint64_array:
    case napi_biguint64_array:
      return 8;
    default:
      return 0;
  }
}

// A growable byte buffer on malloc/realloc (no zero-filling). Fails softly
// when memory runs out.
class ByteWriter {
 public:
  ByteWriter() = default;
  ByteWriter(const ByteWriter&) = delete;
  ByteWriter& operator=(const ByteWriter&) = delete;
  ~ByteWriter() { std::free(data_); }

  std::size_t size() const noexcept { return size_; }
  uint8_t* data() noexcept { return data_; }
  uint8_t* at(std::size_t offset) noexcept { return data_ + offset; }

  // Room for `count` more bytes at the end; null when memory is exhausted.
  // Invalidates earlier pointers into the buffer.
  uint8_t* Append(std::size_t count) {
    if (capacity_ - size_ < count && !Grow(count)) return nullptr;
    uint8_t* where = data_ + size_;
    size_ += count;
    return where;
  }

  template <class T>
  bool Put(T value) {
    uint8_t* where = Append(sizeof(T));
    if (where == nullptr) return false;
    std::memcpy(where, &value, sizeof(T));
    return true;
  }

  bool PutBytes(const void* bytes, std::size_t count) {
    uint8_t* where = Append(count);
    if (where == nullptr) return false;
    if (count != 0) std::memcpy(where, bytes, count);
    return true;
  }

  void Truncate(std::size_t size) noexcept { size_ = size; }

  // Gives the buffer away (for malloc's free()).
  uint8_t* Take() noexcept {
    uint8_t* data = data_;
    data_ = nullptr;
    size_ = capacity_ = 0;
    return data;
  }

  // Empties the buffer; lets its memory go when it grew beyond `keep`.
  void Reset(std::size_t keep) noexcept {
    size_ = 0;
    if (capacity_ > keep) {
      std::free(data_);
      data_ = nullptr;
      capacity_ = 0;
    }
  }

 private:
  bool Grow(std::size_t count) {
    const std::size_t wanted = size_ + count;
    if (wanted < size_) return false;
    std::size_t capacity = capacity_ != 0 ? capacity_ : 256;
    while (capacity < wanted) {
      if (capacity > std::numeric_limits<std::size_t>::max() / 2) {
        capacity = wanted;
        break;
      }
      capacity *= 2;
    }
    void* grown = std::realloc(data_, capacity);
    if (grown == nullptr) return false;
    data_ = static_cast<uint8_t*>(grown);
    capacity_ = capacity;
    return true;
  }

  uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// One step of the path to the value being copied: an index (key == null) or
// a property key.
struct PathSegment {
  napi_value key;
  uint32_t index;
};

// The encoder's working memory, kept per thread so that steady-state calls
// allocate nothing here. `busy` covers re-entrance: a getter that calls
// call() while its object is being copied gets a fresh Scratch.
struct Scratch {
  ByteWriter bytes;
  std::vector<PathSegment> path;
  std::vector<napi_value> ancestors;
  bool busy = false;
};

thread_local Scratch t_scratch;

// A handle scope replaced every kScopeChunk children, so copying a large
// container never holds more than a chunk's handles.
class ChunkScope {
 public:
  explicit ChunkScope(napi_env env) noexcept : env_(env) {}
  ChunkScope(const ChunkScope&) = delete;
  ChunkScope& operator=(const ChunkScope&) = delete;
  ~ChunkScope() { Close(); }

  // Before child `index` of `count`.
  void Step(uint32_t index, uint32_t count) {
    if (count <= kScopeChunk || index % kScopeChunk != 0) return;
    Close();
    napi_open_handle_scope(env_, &scope_);
  }

 private:
  void Close() {
    if (scope_ != nullptr) napi_close_handle_scope(env_, scope_);
    scope_ = nullptr;
  }

  napi_env env_;
  napi_handle_scope scope_ = nullptr;
};

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

// Marks the thread's scratch busy for one encoding.
class ScratchLease {
 public:
  ScratchLease() : scratch_(t_scratch.busy ? own_.get() : &t_scratch) {
    if (scratch_ == nullptr) {  // re-entered: this call gets a scratch of its own
      own_.reset(new Scratch);
      scratch_ = own_.get();
    }
    scratch_->busy = true;
    scratch_->path.clear();
    scratch_->ancestors.clear();
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  ~ScratchLease() {
    scratch_->bytes.Reset(2 * kSpillThreshold);
    scratch_->busy = false;
  }

  Scratch& operator*() const noexcept { return *scratch_; }

 private:
  std::unique_ptr<Scratch> own_;
  Scratch* scratch_;
};

}  // namespace

ClonedValue::~ClonedValue() { std::free(spilled_); }

ClonedValue* ClonedValue::Make(std::size_t count, const uint8_t* bytes, std::size_t size) {
  void* memory = ::operator new(sizeof(ClonedValue) + size, std::nothrow);
  if (memory == nullptr) return nullptr;
  uint8_t* storage = static_cast<uint8_t*>(memory) + sizeof(ClonedValue);
  if (size != 0) std::memcpy(storage, bytes, size);
  return ::new (memory) ClonedValue(count, storage, size, nullptr);
}

ClonedValue* ClonedValue::Adopt(std::size_t count, uint8_t* buffer, std::size_t size) {
  void* memory = ::operator new(sizeof(ClonedValue), std::nothrow);
  if (memory == nullptr) {
    std::free(buffer);
    return nullptr;
  }
  return ::new (memory) ClonedValue(count, buffer, size, buffer);
}

std::unique_ptr<ClonedValue> ClonedValue::FromArguments(napi_env env, AddonData& data,
                                                        std::size_t argc,
                                                        const napi_value* argv) {
  static_assert(sizeof(ClonedValue) % alignof(uint64_t) == 0,
                "inline storage starts aligned");
  ScratchLease scratch;
  Encoder encoder(env, data, *scratch);
  if (!encoder.Arguments(argc, argv)) return nullptr;
  ByteWriter& bytes = (*scratch).bytes;
  const std::size_t size = bytes.size();
  ClonedValue* copy = size > kSpillThreshold ? Adopt(argc, bytes.Take(), size)
                                             : Make(argc, bytes.data(), size);
  if (copy == nullptr) {
    napi_throw_range_error(env, "ERR_MEMORY_ALLOCATION_FAILED",
                           "Failed to allocate memory to copy the arguments");
  }
  return std::unique_ptr<ClonedValue>(copy);
}

bool ClonedValue::ToJs(napi_env env, napi_value* out) const {
  Decoder decoder(env, data_);
  for (std::size_t i = 0; i < count_; ++i) {
    if (!decoder.Value(&out[i])) return false;
  }
  return true;
}

void ClonedValue::CallFunction(napi_env env, napi_value receiver, napi_value fn) const {
  napi_value inline_argv[8];
  std::unique_ptr<napi_value[]> heap_argv;
  napi_value* argv = inline_argv;
  if (count_ > 8) {
    heap_argv.reset(new napi_value[count_]);
    argv = heap_argv.get();
  }
  if (!ToJs(env, argv)) return;
  napi_value ignored = nullptr;
  napi_call_function(env, receiver, fn, count_, argv, &ignored);
}

}  // namespace binding
}  // namespace tscb
