#include "token_table.h"

#include <chrono>
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
struct Index {
  std::mutex mutex;
  std::unordered_map<uint64_t, tscb::detail::Channel*> channels;
  std::unordered_map<tscb::detail::Channel*, uint64_t> ids;
  uint64_t next_id = 1;
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
  tscb::detail::Channel* channel = tscb::detail::Access::ChannelOf(callback);
  if (channel == nullptr) return 0;
  Index& index = TheIndex();
  uint64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(index.mutex);
    auto known = index.ids.find(channel);
    if (known != index.ids.end()) return known->second;
    id = index.next_id++;
    index.channels.emplace(id, channel);
    index.ids.emplace(channel, id);
  }
  channel->SetDestroyListener(&TokenTable::Forget, channel);
  return id;
}

tscb::ThreadSafeCallback TokenTable::Redeem(uint64_t id) {
  if (id == 0) return tscb::ThreadSafeCallback();
  Index& index = TheIndex();
  std::lock_guard<std::mutex> lock(index.mutex);
  auto found = index.channels.find(id);
  if (found == index.channels.end() || !found->second->TryAddHandle()) {
    return tscb::ThreadSafeCallback();
  }
  return tscb::detail::Access::Adopt(found->second);
}

void TokenTable::Forget(void* channel) noexcept {
  Index& index = TheIndex();
  std::lock_guard<std::mutex> lock(index.mutex);
  auto found = index.ids.find(static_cast<tscb::detail::Channel*>(channel));
  if (found == index.ids.end()) return;
  index.channels.erase(found->second);
  index.ids.erase(found);
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

}  // namespace binding
}  // namespace tscb
