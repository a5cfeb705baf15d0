// emoforget: speech emotion recognition that can unlearn. Thin CLI over libemoforget:
// parse, validate, call the library; errors print one line and exit non-zero.
#include <cstdio>
#include <exception>

#include "cli/command.h"
#include "common/heap.h"
#include "common/progress.h"
#include "common/threads.h"

int main(int argc, char** argv) {
  using namespace emoforget;
  CLI::App app{
      "emoforget: speech emotion recognition with machine unlearning from the forget set alone",
      "emoforget"};
  app.option_defaults()->always_capture_default();
  app.require_subcommand(1);
  app.fallthrough();
  app.set_version_flag("--version", "emoforget 0.1.0");

  cli::GlobalOptions global;
  app.add_option("--threads", global.threads, "LibTorch threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--quiet", global.quiet, "No progress bars on stderr");

  std::vector<cli::Command> commands;
  for (const cli::CommandFactory factory : cli::command_factories()) {
    commands.push_back(factory(app));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    Progress::set_quiet(global.quiet);
    configure_heap();
    configure_threads(global.threads);
    for (const cli::Command& command : commands) {
      if (command.app->parsed()) command.run();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "emoforget: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
