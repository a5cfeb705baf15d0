#include "common/atomic_write.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <system_error>

#include "common/error.h"
#include "common/interrupt.h"

namespace emoforget {
namespace fs = std::filesystem;

namespace {

fs::path without_trailing_slash(const fs::path& target) {
  fs::path t = target;
  while (!t.empty() && t.filename().empty())
    t = t.parent_path();
  return t;
}

// ".NAME.tmp-" (a new output being written) or ".NAME.old-" (the previous version
// being swapped out).
std::string temp_prefix(const fs::path& target, const char* kind) {
  return "." + without_trailing_slash(target).filename().string() + "." + kind + "-";
}

fs::path temp_sibling(const fs::path& target, const char* kind = "tmp") {
  static std::random_device device;
  fs::path parent = without_trailing_slash(target).parent_path();
  if (parent.empty()) parent = ".";
  const std::string stem = temp_prefix(target, kind) + std::to_string(getpid()) + "-";
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = parent / (stem + std::to_string(device()));
    if (!fs::exists(candidate)) return candidate;
  }
  throw Error("cannot create a temporary name beside " + target.string());
}

void ensure_parent(const fs::path& target) {
  const fs::path parent = without_trailing_slash(target).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw Error("cannot create folder " + parent.string() + ": " + ec.message());
}

// Runs `body` on a fresh temporary sibling of `path`; removes it when `body` fails.
void with_temp_sibling(const fs::path& path, const std::function<void(const fs::path&)>& body) {
  ensure_parent(path);
  remove_stale_temporaries(path);
  const fs::path tmp = temp_sibling(path);
  const auto remove_tmp = [&] {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
  };
  try {
    body(tmp);
  } catch (const Interrupted&) {
    remove_tmp();
    throw;
  } catch (const Error& e) {
    remove_tmp();
    // Name the output the user asked for, not the temporary that is gone now.
    std::string message = e.what();
    const std::string hidden = tmp.string();
    for (size_t at = message.find(hidden); at != std::string::npos;
         at = message.find(hidden, at + 1)) {
      message.replace(at, hidden.size(), path.string());
    }
    throw Error(message);
  } catch (...) {
    remove_tmp();
    throw;
  }
}

void move_or_throw(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) throw Error("cannot write " + to.string() + ": " + ec.message());
}

// Swaps the names of two existing paths in one step; false where the filesystem
// cannot (the caller then falls back on two renames).
bool exchange(const fs::path& a, const fs::path& b) {
  return renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
}

// The process id in a temporary's name after `prefix`, or -1.
long owner_pid(const std::string& name, const std::string& prefix) {
  if (name.compare(0, prefix.size(), prefix) != 0) return -1;
  const std::string rest = name.substr(prefix.size());
  const size_t dash = rest.find('-');
  if (dash == 0 || dash == std::string::npos) return -1;
  for (size_t i = 0; i < dash; ++i)
    if (rest[i] < '0' || rest[i] > '9') return -1;
  return std::stol(rest.substr(0, dash));
}

bool process_alive(long pid) {
  return pid == getpid() || kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// Writes `bytes` to `file`; errors name `shown` (the output the user asked for) and the
// system's reason.
void write_bytes(const fs::path& file, const std::string& bytes, const fs::path& shown) {
  errno = 0;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw Error("cannot open " + shown.string() + " for writing: " + std::strerror(errno));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  const int write_error = errno;
  out.close();
  if (!out) {
    const int reason = write_error != 0 ? write_error : (errno != 0 ? errno : EIO);
    throw Error("cannot write " + shown.string() + ": " + std::strerror(reason));
  }
}

}  // namespace

void write_atomic_with(const fs::path& path, const std::function<void(const fs::path&)>& fill) {
  with_temp_sibling(path, [&](const fs::path& tmp) {
    fill(tmp);
    move_or_throw(tmp, path);
  });
}

void write_file_checked(const fs::path& path, const std::string& bytes) {
  write_bytes(path, bytes, path);
}

void write_file_atomic(const fs::path& path, const std::string& bytes) {
  write_atomic_with(path, [&](const fs::path& tmp) { write_bytes(tmp, bytes, path); });
}

void write_dir_atomic(const fs::path& dir, const std::function<void(const fs::path&)>& fill) {
  with_temp_sibling(dir, [&](const fs::path& tmp) {
    std::error_code ec;
    fs::create_directory(tmp, ec);
    if (ec) throw Error("cannot create " + tmp.string() + ": " + ec.message());
    fill(tmp);
    if (!fs::exists(dir)) return move_or_throw(tmp, dir);
    if (exchange(tmp, dir)) {  // tmp now names the previous version
      fs::remove_all(tmp, ec);
      return;
    }
    const fs::path old = temp_sibling(dir, "old");
    fs::rename(dir, old, ec);
    if (ec) throw Error("cannot replace " + dir.string() + ": " + ec.message());
    try {
      move_or_throw(tmp, dir);
    } catch (...) {
      fs::rename(old, dir);
      throw;
    }
    fs::remove_all(old, ec);
  });
}

int remove_stale_temporaries(const fs::path& output) {
  const fs::path target = without_trailing_slash(output);
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  if (!fs::is_directory(parent, ec)) return 0;
  const std::string tmp_prefix = temp_prefix(target, "tmp");
  const std::string old_prefix = temp_prefix(target, "old");
  int removed = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    const long tmp_owner = owner_pid(name, tmp_prefix);
    const long old_owner = owner_pid(name, old_prefix);
    const long owner = tmp_owner >= 0 ? tmp_owner : old_owner;
    if (owner < 0 || process_alive(owner)) continue;
    if (old_owner >= 0 && !fs::exists(target)) {
      // Killed between moving the previous version aside and moving the new one in.
      fs::rename(entry.path(), target, ec);
      if (!ec) continue;
    }
    std::error_code ignored;
    fs::remove_all(entry.path(), ignored);
    ++removed;
  }
  return removed;
}

}  // namespace emoforget
