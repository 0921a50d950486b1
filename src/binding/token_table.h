// The process-wide index behind share() / fromShared(): token id -> channel.
//
// Entries are weak: an unredeemed token holds no reference. Redeeming takes a
// new handle reference under the index's mutex (Channel::TryAddHandle), and a
// channel's destroy listener erases its entry under the same mutex before the
// memory goes, so a redeemer never touches a freed channel. Ids are never
// reused; a token also names the process (and copy of this binding) that made
// it, so a token from elsewhere redeems to a closed handle, never to another
// callback.
#ifndef TSCB_BINDING_TOKEN_TABLE_H_
#define TSCB_BINDING_TOKEN_TABLE_H_

#include <threadsafe_callback.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace tscb {
namespace binding {

class TokenTable {
 public:
  // The id of `callback`'s channel, entering it in the index on first use
  // (which sets the channel's destroy listener). The callback's own JS thread
  // only. 0 for an empty callback. Takes the index's mutex.
  static uint64_t Register(const tscb::ThreadSafeCallback& callback);

  // A new counted reference to the channel `id` names, or an empty (closed)
  // callback when it is gone or released. Any thread. Takes the index's mutex.
  static tscb::ThreadSafeCallback Redeem(uint64_t id);

  // The token text for `id`. Any thread.
  static std::string Format(uint64_t id);

  // The id in a token's text: false when `text` is not a token at all; true
  // with *id = 0 for a well-formed token of another process. Any thread.
  static bool Parse(const std::string& text, uint64_t* id);

 private:
  // The destroy listener: `channel` is going.
  static void Forget(void* channel) noexcept;
};

}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_TOKEN_TABLE_H_
