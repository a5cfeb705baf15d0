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

void write_atomic_with(const fs::path& path, const std::function<void(const fs::path&)>& fill) {
  ensure_parent(path);
  const fs::path tmp = temp_sibling(path);
  try {
    fill(tmp);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) throw Error("cannot write " + path.string() + ": " + ec.message());
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
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
  ensure_parent(dir);
  const fs::path tmp = temp_sibling(dir);
  std::error_code ec;
  try {
    fs::create_directory(tmp, ec);
    if (ec) throw Error("cannot create " + tmp.string() + ": " + ec.message());
    fill(tmp);
    if (fs::exists(dir)) {
      const fs::path old = temp_sibling(dir);
      fs::rename(dir, old, ec);
      if (ec) throw Error("cannot replace " + dir.string() + ": " + ec.message());
      fs::rename(tmp, dir, ec);
      if (ec) {
        fs::rename(old, dir);
        throw Error("cannot write " + dir.string() + ": " + ec.message());
      }
      fs::remove_all(old, ec);
    } else {
      fs::rename(tmp, dir, ec);
      if (ec) throw Error("cannot write " + dir.string() + ": " + ec.message());
    }
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    throw;
  }
}

}  // namespace emoforget
