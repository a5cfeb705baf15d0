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

namespace emoforget::experiments {

struct DemoConfig {
  std::filesystem::path out = "emoforget-demo";
  int speakers = 12;
  int per_class = 8;
  std::array<double, 3> split{0.32, 0.32, 0.36};  // DEMoS's
  int finetune_epochs = 12;
  double finetune_lr = 1e-3;
  int64_t finetune_batch = 16;
  int64_t forget = 10;  // N random training utterances
  std::vector<std::string> methods{"adv-ewc", "adv", "ranlab", "remain", "neggrad", "retrain"};
  int64_t m = 8;   // adversarial samples per forget sample (paper: 20)
  int64_t p = 10;  // PGD steps (paper: 50)
  double tau = 0.3;
  double lambda_ewc = 1.0;  // with --fisher-norm mean (see docs/unlearning.md)
  int unlearn_epochs = 5;
  double unlearn_lr = 3e-4;
  double max_seconds = 2.0;
  uint64_t seed = 0;
  bool overwrite = false;

  void validate() const;
  nlohmann::json to_json() const;
};

// Runs the demo into config.out and returns its summary report; `table` receives
// the Markdown summary table.
nlohmann::json run_demo(const DemoConfig& config, std::string& table);

}  // namespace emoforget::experiments
