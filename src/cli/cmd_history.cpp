// `emoforget history MODEL`: the chain of deletion requests from the original
// fine-tune to MODEL, each generation checked against the hashes its child recorded.
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "common/error.h"
#include "lineage/history.h"

namespace emoforget::cli {

Command add_history_command(CLI::App& parent) {
  auto model = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  Command command = make_command(
      parent, "history",
      "Print the requests a model went through, from the original fine-tune on (one line per "
      "request: id, date, method, N, forget UAR, held-out UAR); a model whose hash does not "
      "match its record is flagged and the command exits 1");
  command.app->add_option("model", *model, "Model folder (written by finetune or forget)")
      ->required();
  command.app->add_flag("--json", *as_json, "Print the chain as JSON instead of a table");
  command.run = [model, as_json] {
    const auto chain = lineage::read_history(*model);
    const nlohmann::json j = lineage::history_json(chain);
    if (*as_json) {
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << lineage::history_text(chain);
    }
    if (!j.at("intact").get<bool>())
      throw Error(*model + ": its lineage has a model that does not match its record");
  };
  return command;
}

}  // namespace emoforget::cli
