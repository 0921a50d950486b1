#include "src/binding/scratch.h"

#include "src/binding/wire_format.h"

namespace tscb {
namespace binding {
namespace wire {

namespace {

thread_local Scratch t_scratch;

}  // namespace

ScratchLease::ScratchLease() : scratch_(t_scratch.busy ? own_.get() : &t_scratch) {
  if (scratch_ == nullptr) {  // re-entered: this call gets a scratch of its own
    own_.reset(new Scratch);
    scratch_ = own_.get();
  }
  scratch_->busy = true;
  scratch_->path.clear();
  scratch_->ancestors.clear();
}

ScratchLease::~ScratchLease() {
  scratch_->bytes.Reset(2 * kSpillThreshold);
  scratch_->busy = false;
}

}  // namespace wire
}  // namespace binding
}  // namespace tscb
