// The writing side of the wire format: JS values to bytes, on the calling
// thread, with the checks and errors of what cannot be copied.
#ifndef TSCB_BINDING_ENCODER_H_
#define TSCB_BINDING_ENCODER_H_

#include <node_api.h>

#include <cstddef>

#include "src/binding/scratch.h"

namespace tscb {
namespace binding {

class AddonData;

namespace wire {

// Encodes argv[0, argc) into scratch.bytes. On a value that cannot be
// copied, throws the JS error lib/errors.js builds (naming its path) and
// returns false. Calling JS thread only.
bool Encode(napi_env env, AddonData& data, Scratch& scratch, std::size_t argc,
            const napi_value* argv);

}  // namespace wire
}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_ENCODER_H_
