#include "common/digest.h"

#include <cstdio>

namespace emoforget {

Digest& Digest::add(const void* data, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    state_ ^= bytes[i];
    state_ *= 0x100000001b3ULL;
  }
  return *this;
}

Digest& Digest::add(const std::string& text) {
  const uint64_t size = text.size();
  add(&size, sizeof size);  // length-prefixed, so ("ab","c") != ("a","bc")
  return add(text.data(), text.size());
}

std::string Digest::hex() const {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(state_));
  return text;
}

}  // namespace emoforget
