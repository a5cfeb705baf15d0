// A subcommand of the emoforget CLI: its CLI11 parser and what it runs.
// Each src/cli/cmd_<name>.cpp defines one add_<name>_command().
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace emoforget::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<void()> run;
};

// Options every subcommand shares (set before the subcommand runs).
struct GlobalOptions {
  int threads = 0;
  bool quiet = false;
};

// Writes a report file atomically (for --report options).
void write_report(const std::string& path, const std::string& text);

// "a,b,,c" -> {"a", "b", "c"} (for comma-separated list flags).
std::vector<std::string> split_list(const std::string& text);

using CommandFactory = Command (*)(CLI::App& parent);

// The subcommands, in the order `emoforget --help` lists them.
const std::vector<CommandFactory>& command_factories();

}  // namespace emoforget::cli
