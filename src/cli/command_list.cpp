// The registry of subcommands: add one line per src/cli/cmd_<name>.cpp.
#include "cli/command.h"

namespace emoforget::cli {

Command add_info_command(CLI::App& parent);
Command add_launch_command(CLI::App& parent);
Command add_demo_command(CLI::App& parent);
Command add_predict_command(CLI::App& parent);
Command add_prepare_command(CLI::App& parent);
Command add_finetune_command(CLI::App& parent);
Command add_evaluate_command(CLI::App& parent);
Command add_forget_command(CLI::App& parent);
Command add_synth_command(CLI::App& parent);
Command add_audit_command(CLI::App& parent);
Command add_reproduce_command(CLI::App& parent);
Command add_benchmark_command(CLI::App& parent);
Command add_history_command(CLI::App& parent);

const std::vector<CommandFactory>& command_factories() {
  static const std::vector<CommandFactory> factories = {
      add_demo_command,     add_synth_command,     add_prepare_command,   add_finetune_command,
      add_evaluate_command, add_predict_command,   add_forget_command,    add_audit_command,
      add_history_command,  add_reproduce_command, add_benchmark_command, add_launch_command,
      add_info_command,
  };
  return factories;
}

}  // namespace emoforget::cli
