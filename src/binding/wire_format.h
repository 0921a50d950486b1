// The private wire format of a call's copied arguments (ClonedValue): what
// the encoder writes on the calling thread and the decoder reads on the
// owner's. One flat byte string; it never leaves the process.
#ifndef TSCB_BINDING_WIRE_FORMAT_H_
#define TSCB_BINDING_WIRE_FORMAT_H_

#include <node_api.h>

#include <cstddef>
#include <cstdint>

namespace tscb {
namespace binding {
namespace wire {

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

inline std::size_t ElementSize(napi_typedarray_type type) {
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


}  // namespace wire
}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_WIRE_FORMAT_H_
