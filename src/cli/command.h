// A subcommand of the emoforget CLI: its CLI11 parser and what it runs.
// Each src/cli/cmd_<name>.cpp defines one add_<name>_command().
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace emoforget::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<void()> run;
  // The folder or file the command writes (its --out), read after parsing; main holds
  // an OutputLock on it while the command runs. Empty function: nothing to lock.
  std::function<std::filesystem::path()> output;
  // What to do after Ctrl-C or SIGTERM stopped the command, printed with the error.
  std::string after_interrupt = "nothing was written; rerun the same command";
  // Whether the command runs as the ranks of a distributed run (RANK/WORLD_SIZE set).
  bool distributed = false;
};

// Options every subcommand shares (set before the subcommand runs).
struct GlobalOptions {
  int threads = 0;
  bool quiet = false;
  std::string max_memory;  // "" = the machine's available memory
  std::string dist_backend = "auto";
  int dist_timeout = 120;  // seconds
};

// A new subcommand of `parent` (its parser in .app; .run is the caller's to set).
Command make_command(CLI::App& parent, const std::string& name, const std::string& description);

// Registers --report FILE ("also write the JSON report to this file") and returns
// where its value lands.
std::shared_ptr<std::string> add_report_flag(CLI::App* app);

// Prints a command's JSON report on stdout and, when `report_path` is set, writes it
// there too (atomically); in a distributed run, rank 0 alone does.
void print_report(const nlohmann::json& report, const std::string& report_path);

using CommandFactory = Command (*)(CLI::App& parent);

// The subcommands, in the order `emoforget --help` lists them.
const std::vector<CommandFactory>& command_factories();

}  // namespace emoforget::cli
