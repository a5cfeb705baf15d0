// The registry of subcommands: add one line per src/cli/cmd_<name>.cpp.
#include "cli/command.h"

namespace emoforget::cli {

Command add_info_command(CLI::App& parent);

const std::vector<CommandFactory>& command_factories() {
  static const std::vector<CommandFactory> factories = {
      add_info_command,
  };
  return factories;
}

}  // namespace emoforget::cli
