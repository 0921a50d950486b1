// A counted pointer to a Channel, the one piece of reference counting the
// handles share: a copy takes a reference, a move takes it over, the
// destructor drops it. HandleRef counts handles (ThreadSafeCallback);
// WeakRef counts only the channel's memory (WeakCallback).
#ifndef TSCB_CORE_CHANNEL_REF_H_
#define TSCB_CORE_CHANNEL_REF_H_

#include <utility>

#include "tscb/core/channel.h"

namespace tscb {
namespace detail {

template <void (Channel::*Add)() noexcept, void (Channel::*Drop)() noexcept>
class ChannelRef {
 public:
  ChannelRef() noexcept = default;

  // Takes over a reference the caller already took (Channel::Open, TryAddHandle).
  static ChannelRef Adopt(Channel* channel) noexcept { return ChannelRef(channel); }

  // Takes a new reference to a channel the caller references some other way.
  static ChannelRef Share(Channel* channel) noexcept {
    if (channel != nullptr) (channel->*Add)();
    return ChannelRef(channel);
  }

  ChannelRef(const ChannelRef& other) noexcept : ChannelRef(Share(other.channel_)) {}
  ChannelRef(ChannelRef&& other) noexcept : channel_(std::exchange(other.channel_, nullptr)) {}
  ChannelRef& operator=(ChannelRef other) noexcept {
    std::swap(channel_, other.channel_);
    return *this;
  }
  ~ChannelRef() {
    if (channel_ != nullptr) (channel_->*Drop)();
  }

  Channel* get() const noexcept { return channel_; }
  Channel* operator->() const noexcept { return channel_; }
  explicit operator bool() const noexcept { return channel_ != nullptr; }

 private:
  explicit ChannelRef(Channel* channel) noexcept : channel_(channel) {}

  Channel* channel_ = nullptr;
};

using HandleRef = ChannelRef<&Channel::AddHandle, &Channel::DropHandle>;
using WeakRef = ChannelRef<&Channel::AddWeak, &Channel::DropWeak>;

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_CORE_CHANNEL_REF_H_
