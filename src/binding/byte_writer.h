// The encoder's output buffer.
#ifndef TSCB_BINDING_BYTE_WRITER_H_
#define TSCB_BINDING_BYTE_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace tscb {
namespace binding {
namespace wire {

// A growable byte buffer on malloc/realloc (no zero-filling). Fails softly
// when memory runs out.
class ByteWriter {
 public:
  ByteWriter() = default;
  ByteWriter(const ByteWriter&) = delete;
  ByteWriter& operator=(const ByteWriter&) = delete;
  ~ByteWriter() { std::free(data_); }

  std::size_t size() const noexcept { return size_; }
  uint8_t* data() noexcept { return data_; }
  uint8_t* at(std::size_t offset) noexcept { return data_ + offset; }

  // Room for `count` more bytes at the end; null when memory is exhausted.
  // Invalidates earlier pointers into the buffer.
  uint8_t* Append(std::size_t count) {
    if (capacity_ - size_ < count && !Grow(count)) return nullptr;
    uint8_t* where = data_ + size_;
    size_ += count;
    return where;
  }

  template <class T>
  bool Put(T value) {
    uint8_t* where = Append(sizeof(T));
    if (where == nullptr) return false;
    std::memcpy(where, &value, sizeof(T));
    return true;
  }

  bool PutBytes(const void* bytes, std::size_t count) {
    uint8_t* where = Append(count);
    if (where == nullptr) return false;
    if (count != 0) std::memcpy(where, bytes, count);
    return true;
  }

  void Truncate(std::size_t size) noexcept { size_ = size; }

  // Gives the buffer away (for malloc's free()).
  uint8_t* Take() noexcept {
    uint8_t* data = data_;
    data_ = nullptr;
    size_ = capacity_ = 0;
    return data;
  }

  // Empties the buffer; lets its memory go when it grew beyond `keep`.
  void Reset(std::size_t keep) noexcept {
    size_ = 0;
    if (capacity_ > keep) {
      std::free(data_);
      data_ = nullptr;
      capacity_ = 0;
    }
  }

 private:
  bool Grow(std::size_t count) {
    const std::size_t wanted = size_ + count;
    if (wanted < size_) return false;
    std::size_t capacity = capacity_ != 0 ? capacity_ : 256;
    while (capacity < wanted) {
      if (capacity > std::numeric_limits<std::size_t>::max() / 2) {
        capacity = wanted;
        break;
      }
      capacity *= 2;
    }
    void* grown = std::realloc(data_, capacity);
    if (grown == nullptr) return false;
    data_ = static_cast<uint8_t*>(grown);
    capacity_ = capacity;
    return true;
  }

  uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};


}  // namespace wire
}  // namespace binding
}  // namespace tscb

#endif  // TSCB_BINDING_BYTE_WRITER_H_
