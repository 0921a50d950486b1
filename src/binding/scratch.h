// The encoder's working memory, kept per thread.
#ifndef TSCB_BINDING_SCRATCH_H_
#define TSCB_BINDING_SCRATCH_H_

#include <node_api.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "src/binding/byte_writer.h"

namespace tscb {
namespace binding {
namespace wire {

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


// Marks the thread's scratch busy for one encoding; a re-entered encoding
// (a getter that calls call()) gets a scratch of its own.
class ScratchLease {
 public:
  ScratchLease();
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  ~ScratchLease();

  Scratch& operator*() const noexcept { return *scratch_; }

 private:
  std::unique_ptr<Scratch> own_;
  Scratch* scratch_;
};

}  // namespace wire
}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_SCRATCH_H_
