#include "common/atomic_write.h"

#include <fstream>
#include <random>
#include <system_error>

#include "common/error.h"

namespace emoforget {
namespace fs = std::filesystem;

namespace {

fs::path temp_sibling(const fs::path& target) {
  static std::random_device device;
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  const std::string stem = "." + target.filename().string() + ".tmp-";
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = parent / (stem + std::to_string(device()));
    if (!fs::exists(candidate)) return candidate;
  }
  throw Error("cannot create a temporary name beside " + target.string());
}

void ensure_parent(const fs::path& target) {
  const fs::path parent = target.parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw Error("cannot create folder " + parent.string() + ": " + ec.message());
}

}  // namespace

namespace {

// Runs `body` on a fresh temporary sibling of `path`; removes it when `body` fails.
void with_temp_sibling(const fs::path& path, const std::function<void(const fs::path&)>& body) {
  ensure_parent(path);
  const fs::path tmp = temp_sibling(path);
  try {
    body(tmp);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    throw;
  }
}

void move_or_throw(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) throw Error("cannot write " + to.string() + ": " + ec.message());
}

}  // namespace

void write_atomic_with(const fs::path& path, const std::function<void(const fs::path&)>& fill) {
  with_temp_sibling(path, [&](const fs::path& tmp) {
    fill(tmp);
    move_or_throw(tmp, path);
  });
}

void write_file_atomic(const fs::path& path, const std::string& bytes) {
  write_atomic_with(path, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot open " + tmp.string() + " for writing");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw Error("cannot write " + path.string() + " (disk full?)");
  });
}

void write_dir_atomic(const fs::path& dir, const std::function<void(const fs::path&)>& fill) {
  with_temp_sibling(dir, [&](const fs::path& tmp) {
    std::error_code ec;
    fs::create_directory(tmp, ec);
    if (ec) throw Error("cannot create " + tmp.string() + ": " + ec.message());
    fill(tmp);
    if (!fs::exists(dir)) return move_or_throw(tmp, dir);
    const fs::path old = temp_sibling(dir);
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

}  // namespace emoforget
