#include "src/binding/cloned_value.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include "src/binding/byte_writer.h"
#include "src/binding/decoder.h"
#include "src/binding/encoder.h"
#include "src/binding/scratch.h"
#include "src/binding/wire_format.h"

namespace tscb {
namespace binding {

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
  wire::ScratchLease scratch;
  if (!wire::Encode(env, data, *scratch, argc, argv)) return nullptr;
  wire::ByteWriter& bytes = (*scratch).bytes;
  const std::size_t size = bytes.size();
  ClonedValue* copy = size > wire::kSpillThreshold ? Adopt(argc, bytes.Take(), size)
                                             : Make(argc, bytes.data(), size);
  if (copy == nullptr) {
    napi_throw_range_error(env, "ERR_MEMORY_ALLOCATION_FAILED",
                           "Failed to allocate memory to copy the arguments");
  }
  return std::unique_ptr<ClonedValue>(copy);
}

bool ClonedValue::ToJs(napi_env env, napi_value* out) const {
  return wire::Decode(env, data_, count_, out);
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
