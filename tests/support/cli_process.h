// A program run in the background, for tests that signal, kill or race runs: the
// emoforget CLI (optionally behind a wrapper such as `unshare ... sh -c ...`), with its
// stdout and stderr captured in files.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace emoforget::testing {

class CliProcess {
 public:
  // Starts `wrapper` + [emoforget] + `args` (wrapper empty: the CLI itself).
  explicit CliProcess(const std::vector<std::string>& args,
                      const std::vector<std::string>& wrapper = {});
  ~CliProcess();  // kills and reaps a process still running
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int signal_number) const;
  // Waits at most `seconds`; true when the process ended.
  bool wait_for(double seconds);
  // Waits for the end; exit_code is 128 + the signal when one ended it.
  CliResult wait();
  // Seconds since the start.
  double elapsed() const;

 private:
  TempDir capture_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  double start_ = 0;
};

// The emoforget binary the tests run.
std::string cli_path();

}  // namespace emoforget::testing
