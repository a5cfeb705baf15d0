// A progress bar on stderr for long work: label, count, rate, ETA and free-form
// fields (loss, ...). Redraws in place on a terminal; on a pipe or file it
// prints a plain line at most every few seconds and once at the end.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace emoforget {

class Progress {
 public:
  Progress(std::string label, int64_t total, std::string unit = "it");
  ~Progress();

  // Advances by `n` and sets the text shown after the counters.
  void advance(int64_t n = 1, const std::string& fields = "");
  void finish(const std::string& fields = "");

  static void set_quiet(bool quiet);

 private:
  void draw(bool final_line);

  std::string label_;
  std::string unit_;
  std::string fields_;
  int64_t total_;
  int64_t done_ = 0;
  bool finished_ = false;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// Formats seconds as "1h02m", "3m05s" or "12.3s".
std::string format_duration(double seconds);

}  // namespace emoforget
