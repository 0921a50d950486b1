// The reading side of the wire format: bytes back to JS values, on the
// owner's JS thread.
#ifndef TSCB_BINDING_DECODER_H_
#define TSCB_BINDING_DECODER_H_

#include <node_api.h>

#include <cstddef>
#include <cstdint>

namespace tscb {
namespace binding {
namespace wire {

// The `count` values encoded at `data`, as new JS values in out[0, count).
// False with an exception pending, or when the environment can no longer run
// JS. Owner JS thread only.
bool Decode(napi_env env, const uint8_t* data, std::size_t count, napi_value* out);

}  // namespace wire
}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_DECODER_H_
