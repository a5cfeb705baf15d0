// `emoforget demo`: the whole story on built-in defaults, small enough for a laptop
// CPU: synthesise a corpus, fine-tune the tiny model, forget N random training
// utterances with every method, audit each result, and print a Table-1-style
// summary (method, forget UAR, test UAR, MIA AUC, time).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/run_options.h"
#include "unlearn/method_info.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::reproduce {

// The demo's unlearning settings: a smaller attack than the paper's (M=8, P=10),
// and lambda3 with the Fisher scaled to mean 1 (see docs/unlearning.md).
unlearn::MethodSettings demo_method_settings();
// Batch 16 and 2 s clips for fine-tuning, unlearning and the audits.
train::RunOptions demo_run_options();

struct DemoConfig {
  std::filesystem::path out = "emoforget-demo";
  int speakers = 12;
  int per_class = 8;
  std::array<double, 3> split{0.32, 0.32, 0.36};  // DEMoS's
  int finetune_epochs = 12;
  double finetune_lr = 1e-3;
  int64_t forget = 10;  // N random training utterances
  std::vector<std::string> methods = unlearn::method_names();
  unlearn::MethodSettings unlearn = demo_method_settings();
  train::RunOptions run = demo_run_options();
  bool overwrite = false;

  void validate() const;
  nlohmann::json to_json() const;
};

// Runs the demo into config.out and returns its summary report; `table` receives
// the Markdown summary table.
nlohmann::json run_demo(const DemoConfig& config, std::string& table);

}  // namespace emoforget::reproduce
