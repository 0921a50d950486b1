// The process-wide index behind share() / fromShared(): token id -> callback.
//
// Entries are weak (tscb::WeakCallback): an unredeemed token holds no
// reference, so it never keeps a callback open. Redeeming locks the weak
// reference: a new counted reference while the callback still has one, an
// empty handle once it was released. An entry whose callback was released
// (WeakCallback::Expired) is dropped when a redeem finds it so, or by the
// sweep that Register runs whenever the index has doubled since the last one
// (at 64 entries first): it never holds more than twice the entries that were
// live at the last sweep, or 64. Ids are never reused; a
// token also names the process (and copy of this binding) that made it, so
// a token from elsewhere redeems to a closed handle, never to another
// callback. The token's text is defined here only (lib/ asks IsToken).
#ifndef TSCB_BINDING_TOKEN_TABLE_H_
#define TSCB_BINDING_TOKEN_TABLE_H_

#include <node_api.h>

#include <cstdint>
#include <string>

#include "threadsafe_callback.h"

namespace tscb {
namespace binding {

class TokenTable {
 public:
  // A new id naming `callback`, entered in the index (an empty callback's
  // id redeems to an empty handle). Any thread. Takes the index's mutex.
  static uint64_t Register(const tscb::ThreadSafeCallback& callback);

  // A new counted reference to the callback `id` names, or an empty (closed)
  // callback when it is gone or released. Any thread. Takes the index's mutex.
  static tscb::ThreadSafeCallback Redeem(uint64_t id);

  // The token text for `id`. Any thread.
  static std::string Format(uint64_t id);

  // The id in a token's text: false when `text` is not a token at all; true
  // with *id = 0 for a well-formed token of another process. Any thread.
  static bool Parse(const std::string& text, uint64_t* id);

  // Parse() for a JS value: false for anything but a string in the token
  // format; *text is the token's text. JS thread only.
  static bool Read(napi_env env, napi_value value, std::string* text, uint64_t* id);
};

}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_TOKEN_TABLE_H_
