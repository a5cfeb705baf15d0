// emoforget: speech emotion recognition that can unlearn. Thin CLI over libemoforget:
// parse, validate, call the library; errors print one line and exit non-zero.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "cli/command.h"
#include "common/error.h"
#include "common/heap.h"
#include "common/interrupt.h"
#include "common/memory_limit.h"
#include "common/output_lock.h"
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
  app.add_option("--threads", global.threads, "LibTorch threads (0 = all cores)");
  app.add_flag("--quiet", global.quiet, "No progress bars on stderr");
  app.add_option("--max-memory", global.max_memory,
                 "Memory a run may use, e.g. 8G (default: what the machine has available); a "
                 "run whose estimate is larger is refused before it allocates");

  std::vector<cli::Command> commands;
  for (const cli::CommandFactory factory : cli::command_factories()) {
    commands.push_back(factory(app));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::fprintf(stderr, "emoforget: error: %s (see --help)\n", e.what());
    return 1;
  } catch (const std::exception& e) {  // a list flag's item that is not a value
    std::fprintf(stderr, "emoforget: error: %s\n", e.what());
    return 1;
  }

  try {
    if (global.threads < 0) {
      throw Error("--threads must be 0 (all cores) or more, got " + std::to_string(global.threads));
    }
    Progress::set_quiet(global.quiet);
    if (!global.max_memory.empty())
      set_memory_limit(parse_memory_size(global.max_memory, "--max-memory"));
    configure_heap();
    configure_threads(global.threads);
    for (const cli::Command& command : commands) {
      if (!command.app->parsed()) continue;
      std::unique_ptr<OutputLock> lock;
      const std::filesystem::path output = command.output ? command.output() : "";
      if (!output.empty()) lock = std::make_unique<OutputLock>(output);
      install_interrupt_handlers();
      try {
        command.run();
      } catch (const Interrupted& e) {
        std::fprintf(stderr, "emoforget: error: %s; %s\n", e.what(),
                     command.after_interrupt.c_str());
        return e.exit_status();
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "emoforget: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
