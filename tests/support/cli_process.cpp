#include "support/cli_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

namespace emoforget::testing {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string cli_path() {
  return EMOFORGET_CLI;
}

CliProcess::CliProcess(const std::vector<std::string>& args,
                       const std::vector<std::string>& wrapper) {
  std::vector<std::string> argv = wrapper;
  argv.push_back(cli_path());
  argv.insert(argv.end(), args.begin(), args.end());
  const std::string out_path = (capture_ / "stdout").string();
  const std::string err_path = (capture_ / "stderr").string();
  std::fflush(stdout);
  std::fflush(stderr);
  start_ = now_seconds();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (!freopen(out_path.c_str(), "w", stdout) || !freopen(err_path.c_str(), "w", stderr))
      _exit(127);
    std::vector<char*> raw;
    for (std::string& a : argv)
      raw.push_back(a.data());
    raw.push_back(nullptr);
    execvp(raw[0], raw.data());
    _exit(127);
  }
}

CliProcess::~CliProcess() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
}

void CliProcess::signal(int signal_number) const {
  if (!reaped_) kill(pid_, signal_number);
}

bool CliProcess::wait_for(double seconds) {
  const double until = now_seconds() + seconds;
  while (!reaped_) {
    const pid_t done = waitpid(pid_, &status_, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      break;
    }
    if (now_seconds() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

CliResult CliProcess::wait() {
  if (!reaped_) {
    waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  CliResult result;
  result.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  result.out = read_text(capture_ / "stdout");
  result.err = read_text(capture_ / "stderr");
  return result;
}

double CliProcess::elapsed() const {
  return now_seconds() - start_;
}

}  // namespace emoforget::testing
