#include "common/memory_limit.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/error.h"

namespace emoforget {
namespace {

std::atomic<int64_t> user_limit{0};

// The value of `key` (in kB) in a /proc file such as /proc/meminfo; -1 when absent.
int64_t proc_kb(const char* file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size(), key) == 0 && line.size() > key.size() &&
        line[key.size()] == ':') {
      std::istringstream fields(line.substr(key.size() + 1));
      int64_t kb = -1;
      fields >> kb;
      return kb;
    }
  }
  return -1;
}

// A number in a one-line cgroup file; -1 when absent or "max".
int64_t cgroup_value(const std::string& name) {
  std::ifstream in("/sys/fs/cgroup/" + name);
  std::string text;
  if (!(in >> text) || text == "max") return -1;
  try {
    return std::stoll(text);
  } catch (...) {
    return -1;
  }
}

}  // namespace

int64_t available_memory_bytes() {
  const int64_t kb = proc_kb("/proc/meminfo", "MemAvailable");
  int64_t available = kb > 0 ? kb * 1024 : 0;
  const int64_t max = cgroup_value("memory.max");
  const int64_t current = cgroup_value("memory.current");
  if (max > 0 && current >= 0) {
    const int64_t room = std::max<int64_t>(0, max - current);
    available = available > 0 ? std::min(available, room) : room;
  }
  return available;
}

void set_memory_limit(int64_t bytes) {
  user_limit.store(std::max<int64_t>(0, bytes));
}

int64_t memory_limit_bytes() {
  const int64_t user = user_limit.load();
  return user > 0 ? user : available_memory_bytes();
}

std::string memory_limit_source() {
  return user_limit.load() > 0 ? "--max-memory" : "available memory";
}

int64_t peak_rss_bytes() {
  const int64_t kb = proc_kb("/proc/self/status", "VmHWM");
  return kb > 0 ? kb * 1024 : 0;
}

int64_t parse_memory_size(const std::string& text, const std::string& flag) {
  const auto bad = [&] {
    return Error(flag + " must be a size such as 512M, 8G or 1.5GiB, got \"" + text + "\"");
  };
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (...) {
    throw bad();
  }
  std::string unit = text.substr(used);
  for (char& c : unit)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.size() == 3 && unit.substr(1) == "IB") unit = unit.substr(0, 1);
  if (unit.size() == 2 && unit[1] == 'B') unit = unit.substr(0, 1);
  double scale = 1;
  if (unit == "K") {
    scale = 1024.0;
  } else if (unit == "M") {
    scale = 1024.0 * 1024;
  } else if (unit == "G") {
    scale = 1024.0 * 1024 * 1024;
  } else if (unit == "T") {
    scale = 1024.0 * 1024 * 1024 * 1024;
  } else if (!unit.empty() && unit != "B") {
    throw bad();
  }
  if (!std::isfinite(value) || value < 0 || value * scale > 9.0e18) throw bad();
  return static_cast<int64_t>(value * scale);
}

std::string format_bytes(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 5) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }
  return text;
}

}  // namespace emoforget
