// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104): the content hash of a model and
// the keyed hash that names a forgotten utterance without revealing its id.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace emoforget {

class Sha256 {
 public:
  using Bytes = std::array<uint8_t, 32>;

  Sha256();
  Sha256& add(const void* data, size_t size);
  Sha256& add(const std::string& text) { return add(text.data(), text.size()); }
  // Adds a file's bytes; throws naming the file when it cannot be read.
  Sha256& add_file(const std::filesystem::path& path);
  // Ends the hash; the object must not be used afterwards.
  Bytes finish();

 private:
  void compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t length_ = 0;
};

// Lower-case hex of any byte string.
std::string to_hex(const uint8_t* data, size_t size);
std::string to_hex(const Sha256::Bytes& bytes);

// 64 hex digits.
std::string sha256_hex(const std::string& message);

// HMAC-SHA256 of `message` under `key`, as 64 hex digits.
std::string hmac_sha256_hex(const std::string& key, const std::string& message);

}  // namespace emoforget
