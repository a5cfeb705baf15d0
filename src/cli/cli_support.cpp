// Helpers the subcommands share: making one, --report output.
#include <iostream>

#include "cli/command.h"
#include "common/atomic_write.h"
#include "distributed/world.h"

namespace emoforget::cli {

Command make_command(CLI::App& parent, const std::string& name, const std::string& description) {
  Command command;
  command.app = parent.add_subcommand(name, description);
  return command;
}

std::shared_ptr<std::string> add_report_flag(CLI::App* app) {
  auto path = std::make_shared<std::string>();
  app->add_option("--report", *path, "Also write the JSON report to this file");
  return path;
}

void print_report(const nlohmann::json& report, const std::string& report_path) {
  if (!distributed::world().is_main()) return;  // rank 0 speaks for the run
  const std::string text = report.dump(2) + "\n";
  std::cout << text;
  if (!report_path.empty()) write_file_atomic(report_path, text);
}

}  // namespace emoforget::cli
