// "--flag value" parsing shared by the benchmark programs: each program names its
// flags with defaults; an unknown flag or a flag without a value exits with 2.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

class BenchFlags {
 public:
  BenchFlags(int argc, char** argv) {
    for (int i = 1; i < argc; i += 2) {
      if (i + 1 >= argc) fail("flag %s has no value\n", argv[i]);
      values_[argv[i]] = argv[i + 1];
    }
  }
  std::string text(const std::string& flag, const std::string& fallback) {
    const auto it = values_.find(flag);
    if (it == values_.end()) return fallback;
    const std::string value = it->second;
    values_.erase(it);
    return value;
  }
  double number(const std::string& flag, double fallback) {
    const std::string value = text(flag, "");
    return value.empty() ? fallback : std::stod(value);
  }
  // Call after reading every flag: anything left is unknown.
  void finish() const {
    if (!values_.empty()) fail("unknown flag %s\n", values_.begin()->first.c_str());
  }

 private:
  [[noreturn]] static void fail(const char* format, const char* flag) {
    std::fprintf(stderr, format, flag);
    std::exit(2);
  }
  std::map<std::string, std::string> values_;
};
