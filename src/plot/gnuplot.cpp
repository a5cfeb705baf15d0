#include "plot/gnuplot.h"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "common/error.h"

extern char** environ;

namespace emoforget::plot {

std::string gnuplot_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

void run_gnuplot(const std::filesystem::path& script,
                 const std::map<std::string, std::string>& string_variables) {
  std::string assignments;
  for (const auto& [name, value] : string_variables)
    assignments += name + "=" + gnuplot_quote(value) + "; ";
  std::vector<std::string> args = {"gnuplot"};
  if (!assignments.empty()) {
    args.push_back("-e");
    args.push_back(assignments);
  }
  args.push_back(script.string());
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, "gnuplot", nullptr, nullptr, argv.data(), environ);
  if (spawn_error == ENOENT) {
    throw Error(
        "gnuplot not found on PATH; install the gnuplot-nox package "
        "(scripts/install-deps.sh) to draw " +
        script.string());
  }
  if (spawn_error != 0) {
    throw Error("cannot start gnuplot for " + script.string() + ": " + std::strerror(spawn_error));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw Error("waiting for gnuplot failed: " + std::string(std::strerror(errno)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status));
    throw Error("gnuplot failed (" + how + ") on " + script.string() +
                "; its messages are on stderr above");
  }
}

}  // namespace emoforget::plot
