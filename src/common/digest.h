// A 64-bit FNV-1a digest: a fast fingerprint for cache keys (not a cryptographic
// hash; cache entries also store and compare their full key).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace emoforget {

class Digest {
 public:
  Digest& add(const void* data, size_t size);
  Digest& add(const std::string& text);
  uint64_t value() const { return state_; }
  // 16 lower-case hex digits.
  std::string hex() const;

 private:
  uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace emoforget
