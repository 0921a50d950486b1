// A deep copy of a call's arguments that belongs to no thread: made on the
// calling thread, turned back into JS values on the owner's thread.
//
// What can be copied: undefined, null, booleans, numbers, bigints, strings,
// ArrayBuffer, every typed array kind, Buffer, DataView, and arrays and plain
// objects (prototype Object.prototype or null) of those, nested. Everything
// else (functions, symbols, class instances, Proxies, cycles, a getter that
// throws) is a TypeError with code ERR_INVALID_ARG_TYPE naming the path of the
// value, e.g. `args[1].foo`, thrown on the calling thread.
//
// The copy is one flat byte string in one allocation: a call with a number or
// a short string costs exactly one `new`. The encoder writes into a per-thread
// scratch buffer that keeps its capacity; payloads over 64 KiB move that
// buffer into the copy instead of copying it again. The format is
// wire_format.h; encoder.cc writes it (into scratch.h's buffer, a
// byte_writer.h), decoder.cc reads it.
#ifndef TSCB_BINDING_CLONED_VALUE_H_
#define TSCB_BINDING_CLONED_VALUE_H_

#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace tscb {
namespace binding {

class AddonData;

class ClonedValue {
 public:
  ClonedValue(const ClonedValue&) = delete;
  ClonedValue& operator=(const ClonedValue&) = delete;
  ~ClonedValue();

  // Copies argv[0, argc). On a value that cannot be copied, throws the JS
  // error into `env` and returns null. Calling JS thread only. One allocation.
  static std::unique_ptr<ClonedValue> FromArguments(napi_env env, AddonData& data,
                                                    std::size_t argc, const napi_value* argv);

  // fn.call(receiver, ...copies). A failure (an exception thrown by fn, or
  // values that cannot be created in a terminating environment) is left
  // pending for the caller. Owner JS thread only.
  void CallFunction(napi_env env, napi_value receiver, napi_value fn) const;

  // The copies as new JS values in out[0, count). False with an exception
  // pending, or when the environment can no longer run JS. Owner JS thread only.
  bool ToJs(napi_env env, napi_value* out) const;

  // Storage follows the object: memory comes from Make(), goes back here.
  static void operator delete(void* memory) noexcept { ::operator delete(memory); }

 private:
  ClonedValue(std::size_t count, const uint8_t* data, std::size_t size,
              uint8_t* spilled) noexcept
      : count_(count), size_(size), data_(data), spilled_(spilled) {}

  static ClonedValue* Make(std::size_t count, const uint8_t* bytes, std::size_t size);
  static ClonedValue* Adopt(std::size_t count, uint8_t* buffer, std::size_t size);

  const std::size_t count_;
  const std::size_t size_;
  const uint8_t* const data_;  // inline after the object, or spilled_
  uint8_t* const spilled_;     // a large payload's own buffer (malloc), or null
};

}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_CLONED_VALUE_H_
