// Helpers shared by the test programs: scratch folders and running the CLI.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace emoforget::testing {

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  operator const std::filesystem::path&() const { return path_; }  // NOLINT: a folder is a path
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the built emoforget binary with `args` (no shell quoting needed).
CliResult run_cli(const std::vector<std::string>& args);

// Path of a committed fixture under tests/fixtures.
std::filesystem::path fixture(const std::string& relative);

std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

// Every file (recursively) under `dir`, relative names, sorted.
std::vector<std::string> list_files(const std::filesystem::path& dir);

// The first file (recursively) under `dir` whose bytes hold `needle`, or "".
std::string file_containing(const std::filesystem::path& dir, const std::string& needle);

}  // namespace emoforget::testing
