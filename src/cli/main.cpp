// emoforget: speech emotion recognition that can unlearn. Thin CLI over libemoforget:
// parse, validate, call the library; errors print one line and exit non-zero.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <thread>

#include "cli/command.h"
#include "common/error.h"
#include "common/heap.h"
#include "common/interrupt.h"
#include "common/memory_limit.h"
#include "common/output_lock.h"
#include "common/progress.h"
#include "common/threads.h"
#include "distributed/world.h"

namespace {

// Whether the command line asks for a CUDA device (the backend `auto` then picks NCCL).
bool cuda_requested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--device=cuda", 0) == 0) return true;
    if (arg == "--device" && i + 1 < argc && std::string(argv[i + 1]).rfind("cuda", 0) == 0)
      return true;
  }
  return false;
}

}  // namespace

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
  app.add_option("--dist-backend", global.dist_backend,
                 "Distributed runs (RANK/WORLD_SIZE set by torchrun or `emoforget launch`): "
                 "auto (NCCL on CUDA, else Gloo), gloo or nccl")
      ->check(CLI::IsMember({"auto", "gloo", "nccl"}));
  app.add_option("--dist-timeout", global.dist_timeout,
                 "Seconds a distributed run waits for a rank before it stops with an error "
                 "naming it");

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
    const distributed::Environment env = distributed::read_environment();
    const bool launcher = app.got_subcommand("launch");
    Progress::set_quiet(global.quiet || env.rank != 0);
    if (!global.max_memory.empty())
      set_memory_limit(parse_memory_size(global.max_memory, "--max-memory"));
    configure_heap();
    // Ranks of one machine share its cores.
    configure_threads(global.threads > 0 || !env.distributed()
                          ? global.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) /
                                            env.local_world_size));
    for (const cli::Command& command : commands) {
      if (command.app->parsed() && env.distributed() && !command.distributed && !launcher) {
        throw Error("emoforget " + command.app->get_name() +
                    " runs as one process: start it without torchrun or `emoforget launch` "
                    "(distributed: finetune, forget, evaluate, audit, reproduce, benchmark)");
      }
    }
    if (env.distributed() && !launcher) {
      // Rank 0 speaks for the run on stdout (reports, tables); every rank's errors and
      // lines go to stderr.
      if (env.rank != 0 && std::freopen("/dev/null", "w", stdout) == nullptr)
        throw Error("rank " + std::to_string(env.rank) + ": cannot silence stdout");
      distributed::GroupOptions group_options;
      group_options.backend = global.dist_backend;
      group_options.timeout = std::chrono::seconds(global.dist_timeout);
      group_options.cuda = cuda_requested(argc, argv);
      distributed::init_world(env, group_options);
    }
    for (const cli::Command& command : commands) {
      if (!command.app->parsed()) continue;

      std::unique_ptr<OutputLock> lock;
      const std::filesystem::path output = command.output ? command.output() : "";
      if (!output.empty() && env.rank == 0) lock = std::make_unique<OutputLock>(output);
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
  distributed::shutdown_world();
  return 0;
}
