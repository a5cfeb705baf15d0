// `emoforget launch --nproc N -- COMMAND ...`: N ranks of one command on this machine
// (distributed/launch.h); torchrun, Slurm or Kubernetes start ranks the same way.
#include <unistd.h>

#include <climits>
#include <cstdlib>

#include "cli/command.h"
#include "common/error.h"
#include "distributed/launch.h"

namespace emoforget::cli {
namespace {

std::string this_program() {
  char path[PATH_MAX];
  const ssize_t size = readlink("/proc/self/exe", path, sizeof path - 1);
  if (size <= 0) throw Error("launch: cannot find the emoforget program (/proc/self/exe)");
  return std::string(path, static_cast<size_t>(size));
}

}  // namespace

Command add_launch_command(CLI::App& parent) {
  Command command = make_command(
      parent, "launch",
      "Run a command as N ranks on this machine (data-parallel finetune and forget, sharded "
      "attacks, scoring and reproduce cells); torchrun's environment works the same");
  auto config = std::make_shared<distributed::LaunchConfig>();
  auto grace = std::make_shared<int>(130);
  command.app->add_option("--nproc", config->nproc,
                          "Ranks to start (one per GPU; on the CPU "
                          "the cores are shared out)");
  command.app->add_option("--port", config->port, "Port of the rendezvous store (0 = a free one)");
  command.app->add_option("--grace", *grace,
                          "Seconds the other ranks may take to stop after one fails, before "
                          "they are ended (the default --dist-timeout + 10)");
  command.app->add_option("command", config->command, "The emoforget command, after --")
      ->required();
  command.app->footer(
      "Example: emoforget launch --nproc 2 -- finetune --manifest m.csv --out ft\n"
      "Several machines: torchrun --nnodes 2 --nproc-per-node 1 --rdzv-endpoint HOST:29500 "
      "--no-python emoforget finetune ...");
  command.run = [config, grace] {
    config->grace = std::chrono::seconds(*grace);
    const int status = distributed::launch(*config, this_program());
    if (status != 0) std::exit(status);
  };
  command.after_interrupt = "every rank was stopped; rerun the same command";
  return command;
}

}  // namespace emoforget::cli
