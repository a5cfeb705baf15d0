#include "common/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace emoforget {
namespace {
bool g_quiet = false;
}

void Progress::set_quiet(bool quiet) {
  g_quiet = quiet;
}

std::string format_duration(double seconds) {
  char buf[32];
  if (seconds >= 3600) {
    const int s = static_cast<int>(seconds);
    std::snprintf(buf, sizeof buf, "%dh%02dm", s / 3600, (s / 60) % 60);
  } else if (seconds >= 60) {
    const int s = static_cast<int>(seconds);
    std::snprintf(buf, sizeof buf, "%dm%02ds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  }
  return buf;
}

Progress::Progress(std::string label, int64_t total, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(std::max<int64_t>(total, 0)),
      tty_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (!finished_) finish(fields_);
}

void Progress::advance(int64_t n, const std::string& fields) {
  done_ += n;
  if (!fields.empty()) fields_ = fields;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  if (since >= (tty_ ? 0.1 : 5.0)) draw(false);
}

void Progress::finish(const std::string& fields) {
  if (finished_) return;
  if (!fields.empty()) fields_ = fields;
  finished_ = true;
  draw(true);
}

void Progress::draw(bool final_line) {
  last_draw_ = std::chrono::steady_clock::now();
  if (g_quiet) return;
  const double elapsed = std::chrono::duration<double>(last_draw_ - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  std::string bar;
  if (total_ > 0) {
    const int width = 24;
    const int filled = static_cast<int>(width * std::min<int64_t>(done_, total_) / total_);
    bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] ";
  }
  std::string eta;
  if (!final_line && total_ > 0 && rate > 0 && done_ < total_) {
    eta = " eta " + format_duration(static_cast<double>(total_ - done_) / rate);
  }
  char counts[160];
  if (total_ > 0) {
    std::snprintf(counts, sizeof counts, "%lld/%lld %.2f %s/s %s%s", static_cast<long long>(done_),
                  static_cast<long long>(total_), rate, unit_.c_str(),
                  format_duration(elapsed).c_str(), eta.c_str());
  } else {
    std::snprintf(counts, sizeof counts, "%lld %.2f %s/s %s", static_cast<long long>(done_), rate,
                  unit_.c_str(), format_duration(elapsed).c_str());
  }
  const std::string line = label_ + " " + bar + counts + (fields_.empty() ? "" : " " + fields_);
  if (tty_) {
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final_line ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

}  // namespace emoforget
