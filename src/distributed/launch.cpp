#include "distributed/launch.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include "common/child_environment.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "common/stopwatch.h"

namespace emoforget::distributed {
namespace {

struct RankProcess {
  pid_t pid = -1;
  bool running = false;
  int status = 0;  // exit code, or 128 + signal
};

pid_t start_rank(const std::string& program, const std::vector<std::string>& command, int rank,
                 int ranks, uint16_t port) {
  // Built before fork: the child only calls execve.
  std::vector<std::string> env_lines = child_environment(
      {"RANK=" + std::to_string(rank), "WORLD_SIZE=" + std::to_string(ranks),
       "LOCAL_RANK=" + std::to_string(rank), "LOCAL_WORLD_SIZE=" + std::to_string(ranks),
       "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + std::to_string(port),
       "TORCHELASTIC_USE_AGENT_STORE=True"});
  std::vector<std::string> args = {program};
  args.insert(args.end(), command.begin(), command.end());
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& line : env_lines)
    envp.push_back(line.data());
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    throw Error("launch: cannot start rank " + std::to_string(rank) +
                ": fork failed: " + std::strerror(errno));
  }
  if (pid != 0) return pid;
  // Its own process group: the terminal's Ctrl-C reaches the launcher alone, which passes
  // it on once (a second one would end a rank at once).
  setpgid(0, 0);
  execve(program.c_str(), argv.data(), envp.data());
  const char message[] = "emoforget launch: cannot run the emoforget program\n";
  [[maybe_unused]] const ssize_t ignored = write(2, message, sizeof message - 1);
  _exit(127);
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

int exit_code(int status) {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

}  // namespace

void LaunchConfig::validate() const {
  if (nproc < 1) throw Error("--nproc must be >= 1, got " + std::to_string(nproc));
  if (port < 0 || port > 65535)
    throw Error("--port must be in [0, 65535], got " + std::to_string(port));
  if (command.empty())
    throw Error("launch: no command to run (usage: emoforget launch --nproc N -- COMMAND ...)");
  if (command.front() == "launch") throw Error("launch: the command to run cannot be launch");
}

int launch(const LaunchConfig& config, const std::string& program) {
  config.validate();
  c10d::TCPStoreOptions store_options;
  store_options.port = static_cast<uint16_t>(config.port);
  store_options.isServer = true;
  store_options.waitWorkers = false;
  store_options.timeout = config.grace;
  c10::intrusive_ptr<c10d::TCPStore> store;
  try {
    store = c10::make_intrusive<c10d::TCPStore>("127.0.0.1", store_options);
  } catch (const std::exception& e) {
    std::string what = e.what();
    throw Error("launch: cannot host the rendezvous store on 127.0.0.1:" +
                std::to_string(config.port) + ": " + what.substr(0, what.find('\n')));
  }
  const uint16_t port = store->getPort();
  std::fprintf(stderr, "emoforget launch: %d ranks, store 127.0.0.1:%u\n", config.nproc, port);

  std::vector<RankProcess> ranks(static_cast<size_t>(config.nproc));
  for (int r = 0; r < config.nproc; ++r) {
    ranks[static_cast<size_t>(r)].pid = start_rank(program, config.command, r, config.nproc, port);
    ranks[static_cast<size_t>(r)].running = true;
  }
  int result = 0;
  int running = config.nproc;
  bool forwarded = false;
  Clock::time_point failed_at{};
  bool terminated = false;
  while (running > 0) {
    if (const int signal_number = interrupt_signal(); signal_number != 0 && !forwarded) {
      for (const RankProcess& rank : ranks)
        if (rank.running) kill(rank.pid, signal_number);
      forwarded = true;
    }
    if (result != 0 && !terminated && seconds_since(failed_at) > config.grace.count()) {
      std::fprintf(stderr, "emoforget launch: stopping the ranks still running after %lld s\n",
                   static_cast<long long>(config.grace.count()));
      for (const RankProcess& rank : ranks)
        if (rank.running) kill(rank.pid, SIGKILL);
      terminated = true;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    for (size_t r = 0; r < ranks.size(); ++r) {
      if (ranks[r].pid != pid || !ranks[r].running) continue;
      ranks[r].running = false;
      ranks[r].status = exit_code(status);
      --running;
      if (ranks[r].status != 0 && result == 0) {
        result = ranks[r].status;
        failed_at = Clock::now();
        std::fprintf(stderr, "emoforget launch: rank %zu %s%s\n", r,
                     describe_status(status).c_str(),
                     running > 0 ? "; the other ranks stop at their next collective" : "");
      }
    }
  }
  return result;
}

}  // namespace emoforget::distributed
