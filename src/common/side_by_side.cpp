#include "common/side_by_side.h"
#include "common/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>

#include "common/child_environment.h"
#include "common/error.h"
#include "common/stopwatch.h"

namespace emoforget {
namespace {

pid_t spawn_job(const SideJob& job) {
  if (job.argv.empty()) throw Error("job " + job.name + ": no command");
  if (!job.log.parent_path().empty()) std::filesystem::create_directories(job.log.parent_path());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, job.log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const std::string& arg : job.argv)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_lines = child_environment();
  std::vector<char*> envp;
  for (std::string& line : env_lines)
    envp.push_back(line.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int error =
      posix_spawn(&pid, job.argv[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    throw Error("job " + job.name + ": cannot start " + job.argv[0] + ": " + std::strerror(error));
  }
  return pid;
}

std::string last_line(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line)) {
    // Progress bars redraw with carriage returns: keep the text after the last one.
    const size_t cr = line.rfind('\r');
    if (cr != std::string::npos) line = line.substr(cr + 1);
    if (!line.empty()) last = line;
  }
  return last;
}

std::string exit_text(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

int threads_per_job(int threads, int lanes) {
  if (threads > 0) return threads;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, lanes));
}

std::vector<double> run_side_by_side(
    const std::vector<SideLane>& lanes,
    const std::function<void(const SideJob& job, double seconds)>& on_done) {
  struct Running {
    size_t lane;
    size_t index;
    Clock::time_point start;
  };
  std::vector<size_t> offsets;
  size_t total = 0;
  for (const SideLane& lane : lanes) {
    offsets.push_back(total);
    total += lane.size();
  }
  std::vector<double> seconds(total, 0.0);
  std::map<pid_t, Running> running;
  const auto start = [&](size_t lane, size_t index) {
    running[spawn_job(lanes[lane][index])] = {lane, index, Clock::now()};
  };
  const auto stop_all = [&] {
    for (const auto& [pid, job] : running)
      kill(pid, SIGTERM);
    for (const auto& [pid, job] : running) {
      int ignored = 0;
      waitpid(pid, &ignored, 0);
    }
    running.clear();
  };
  try {
    for (size_t lane = 0; lane < lanes.size(); ++lane) {
      if (!lanes[lane].empty()) start(lane, 0);
    }
    while (!running.empty()) {
      // On Ctrl-C or SIGTERM the jobs are stopped (SIGTERM: each ends at its next step
      // boundary, writing nothing partial) before this throws.
      throw_if_interrupted("side-by-side jobs");
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid == 0) {  // none ended yet: look again shortly (a signal cuts the sleep short)
        usleep(50000);
        continue;
      }
      if (pid < 0) {
        if (errno == EINTR) continue;
        throw Error(std::string("waiting for jobs: ") + std::strerror(errno));
      }
      const auto it = running.find(pid);
      if (it == running.end()) continue;
      const Running done = it->second;
      running.erase(it);
      const SideJob& job = lanes[done.lane][done.index];
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const std::string line = last_line(job.log);
        stop_all();
        throw_if_interrupted("side-by-side jobs");  // the job stopped because of the signal
        throw Error("job " + job.name + " failed (" + exit_text(status) + "): " +
                    (line.empty() ? "no output" : line) + " (log: " + job.log.string() + ")");
      }
      const double took = seconds_since(done.start);
      seconds[offsets[done.lane] + done.index] = took;
      if (on_done) on_done(job, took);
      if (done.index + 1 < lanes[done.lane].size()) start(done.lane, done.index + 1);
    }
  } catch (...) {
    stop_all();
    throw;
  }
  return seconds;
}

}  // namespace emoforget
