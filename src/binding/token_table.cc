#include "src/binding/token_table.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <iterator>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

namespace tscb {
namespace binding {

namespace {

constexpr char kPrefix[] = "tscb1:";
constexpr std::size_t kPrefixLength = sizeof(kPrefix) - 1;
constexpr std::size_t kNonceDigits = 16;

// Never destroyed: Workers may still redeem while the process exits.
// Register sweeps the index when it has grown to this size, then whenever it
// has doubled since the last sweep.
constexpr std::size_t kFirstSweep = 64;

struct Index {
  std::mutex mutex;
  std::unordered_map<uint64_t, tscb::WeakCallback> callbacks;
  uint64_t next_id = 1;
  std::size_t sweep_at = kFirstSweep;
};

Index& TheIndex() {
  static Index* index = new Index;
  return *index;
}

// Names this process and this copy of the binding in every token.
const std::string& Nonce() {
  static const std::string* nonce = [] {
    std::random_device device;
    uint64_t value = (static_cast<uint64_t>(device()) << 32) ^ device();
    value ^= static_cast<uint64_t>(
        std::chrono::steady_clock::now().time_since_epoch().count());
    value ^= reinterpret_cast<uintptr_t>(&TheIndex());
    char text[kNonceDigits + 1];
    std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(value));
    return new std::string(text);
  }();
  return *nonce;
}

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

uint64_t TokenTable::Register(const tscb::ThreadSafeCallback& callback) {
  tscb::WeakCallback weak(callback);
  Index& index = TheIndex();
  std::lock_guard<std::mutex> lock(index.mutex);
  if (index.callbacks.size() >= index.sweep_at) {
    for (auto entry = index.callbacks.begin(); entry != index.callbacks.end();) {
      entry = entry->second.Expired() ? index.callbacks.erase(entry) : std::next(entry);
    }
    index.sweep_at = std::max<std::size_t>(kFirstSweep, 2 * index.callbacks.size());
  }
  const uint64_t id = index.next_id++;
  index.callbacks.emplace(id, std::move(weak));
  return id;
}

tscb::ThreadSafeCallback TokenTable::Redeem(uint64_t id) {
  if (id == 0) return tscb::ThreadSafeCallback();
  Index& index = TheIndex();
  std::lock_guard<std::mutex> lock(index.mutex);
  auto found = index.callbacks.find(id);
  if (found == index.callbacks.end()) return tscb::ThreadSafeCallback();
  tscb::ThreadSafeCallback callback = found->second.Lock();
  if (found->second.Expired()) index.callbacks.erase(found);  // released for good
  return callback;
}

std::string TokenTable::Format(uint64_t id) {
  std::string text(kPrefix);
  text += Nonce();
  text += ':';
  text += std::to_string(id);
  return text;
}

bool TokenTable::Parse(const std::string& text, uint64_t* id) {
  *id = 0;
  const std::size_t id_at = kPrefixLength + kNonceDigits + 1;
  if (text.size() <= id_at || text.size() > id_at + 20) return false;
  if (text.compare(0, kPrefixLength, kPrefix) != 0 || text[id_at - 1] != ':') return false;
  for (std::size_t i = kPrefixLength; i < id_at - 1; ++i) {
    if (!IsHexDigit(text[i])) return false;
  }
  if (text[id_at] == '0') return false;
  uint64_t value = 0;
  for (std::size_t i = id_at; i < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  if (text.compare(kPrefixLength, kNonceDigits, Nonce()) == 0) *id = value;
  return true;
}

bool TokenTable::Read(napi_env env, napi_value value, std::string* text, uint64_t* id) {
  char buffer[64];
  std::size_t length = 0;
  napi_valuetype type = napi_undefined;
  if (value == nullptr || napi_typeof(env, value, &type) != napi_ok || type != napi_string ||
      napi_get_value_string_utf8(env, value, buffer, sizeof(buffer), &length) != napi_ok ||
      length + 1 >= sizeof(buffer)) {
    return false;
  }
  text->assign(buffer, length);
  return Parse(*text, id);
}

}  // namespace binding
}  // namespace tscb
