#include "lineage/request_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/sha256.h"

namespace emoforget::lineage {
namespace fs = std::filesystem;
namespace {

constexpr size_t kSecretBytes = 32;
constexpr const char* kHeader = "emoforget-request-key-v1 ";

std::string random_secret() {
  std::ifstream in("/dev/urandom", std::ios::binary);
  std::string secret(kSecretBytes, '\0');
  if (!in.read(secret.data(), static_cast<std::streamsize>(secret.size())))
    throw Error("/dev/urandom: cannot read random bytes for a new request key");
  return secret;
}

std::string from_hex(const std::string& hex, const fs::path& path) {
  if (hex.size() != 2 * kSecretBytes)
    throw Error(path.string() + ": not an emoforget request key (expected 64 hex digits)");
  std::string bytes;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const std::string pair = hex.substr(i, 2);
    if (pair.find_first_not_of("0123456789abcdef") != std::string::npos)
      throw Error(path.string() + ": not an emoforget request key (a non-hex digit)");
    bytes.push_back(static_cast<char>(std::stoi(pair, nullptr, 16)));
  }
  return bytes;
}

RequestKey parse_key(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(path.string() + ": cannot read the request key");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  const std::string header = kHeader;
  if (text.compare(0, header.size(), header) != 0)
    throw Error(path.string() + ": not an emoforget request key (its first word must be " +
                header.substr(0, header.size() - 1) + ")");
  RequestKey key;
  key.path = path;
  key.secret = from_hex(text.substr(header.size()), path);
  key.id = sha256_hex(key.secret).substr(0, 16);
  return key;
}

}  // namespace

std::string RequestKey::hash(const std::string& text) const {
  return hmac_sha256_hex(secret, text);
}

fs::path default_key_path() {
  if (const char* given = std::getenv("EMOFORGET_KEY"); given && *given) return given;
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
    return fs::path(config) / "emoforget" / "request.key";
  const char* home = std::getenv("HOME");
  if (!home || !*home)
    throw Error("no request key: HOME is not set; pass --key FILE or set EMOFORGET_KEY");
  return fs::path(home) / ".config" / "emoforget" / "request.key";
}

RequestKey load_key(const fs::path& path) {
  if (!fs::exists(path))
    throw Error(path.string() + ": no such request key (the key the requests were hashed with)");
  return parse_key(path);
}

RequestKey load_or_create_key(const fs::path& path) {
  if (fs::exists(path)) return parse_key(path);
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  const std::string text =
      kHeader + to_hex(reinterpret_cast<const uint8_t*>(random_secret().data()), kSecretBytes) +
      "\n";
  // Written to a private temporary, then linked into place: link() fails when another
  // process created the key first, and then its key is the one used.
  const fs::path tmp =
      path.string() + ".tmp" + to_hex(reinterpret_cast<const uint8_t*>(random_secret().data()), 8);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw Error(tmp.string() + ": cannot create the request key");
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    throw Error(tmp.string() + ": cannot write the request key");
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST)
    throw Error(path.string() + ": cannot create the request key");
  return parse_key(path);
}

void check_key_outside(const fs::path& key, const std::vector<fs::path>& dirs) {
  const fs::path k = fs::weakly_canonical(fs::absolute(key));
  for (const fs::path& dir : dirs) {
    if (dir.empty()) continue;
    const fs::path d = fs::weakly_canonical(fs::absolute(dir));
    const auto [end, unused] = std::mismatch(d.begin(), d.end(), k.begin(), k.end());
    (void)unused;
    if (end == d.end())
      throw Error("--key " + key.string() + " lies inside " + dir.string() +
                  ": keep the request key outside every model and output, or the hashes "
                  "protect nothing");
  }
}

}  // namespace emoforget::lineage
