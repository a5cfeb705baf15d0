// The operator's request key: a secret of 32 random bytes in a file kept outside
// every model. Forgotten utterance ids are recorded only as HMAC-SHA256 under this
// key, so the record proves which utterances a request named (to whoever holds the
// key) without revealing them; a salt stored beside the hashes would not protect
// guessable ids such as `f01_anger_00`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace emoforget::lineage {

struct RequestKey {
  std::filesystem::path path;
  std::string secret;  // raw bytes
  std::string id;      // 16 hex digits of SHA-256(secret): names the key, reveals nothing

  // HMAC-SHA256(secret, text) as hex.
  std::string hash(const std::string& text) const;
};

// $EMOFORGET_KEY when set, else $XDG_CONFIG_HOME/emoforget/request.key, else
// ~/.config/emoforget/request.key.
std::filesystem::path default_key_path();

// Reads the key at `path`, or creates it (mode 0600, parent folders made) when the
// file does not exist; two processes creating it at once end with the same key.
// Throws naming the file when it is unreadable or malformed.
RequestKey load_or_create_key(const std::filesystem::path& path);

// Reads an existing key; throws naming the file when it is absent.
RequestKey load_key(const std::filesystem::path& path);

// Throws when `key` lies inside one of `dirs` (a key beside the hashes protects nothing).
void check_key_outside(const std::filesystem::path& key,
                       const std::vector<std::filesystem::path>& dirs);

}  // namespace emoforget::lineage
