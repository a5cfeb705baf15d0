// `emoforget demo`: the whole story on built-in defaults, small enough for a laptop
// CPU: synthesise a corpus, fine-tune the tiny model from scratch (and, beside it,
// the retrained reference that never sees the forget set), forget N random training
// utterances with every method, audit each result against the reference, and print
// a summary table (forget and test UAR, MIA-efficacy, gap to retrain, time,
// speed-up, verdict). Independent steps run side by side as separate `emoforget`
// processes, one core each (common/side_by_side.h).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/run_options.h"
#include "unlearn/method_info.h"
#include "unlearn/method_pgd_defaults.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::reproduce {

// The demo's unlearning settings (see demo.cpp for where they depart from the paper).
unlearn::MethodSettings demo_method_settings();
// Fine-tuning's from-scratch recipe (batch 8, 1.5 s clips); unlearning at batch 16.
train::RunOptions demo_run_options();

struct DemoConfig {
  std::filesystem::path out = "emoforget-demo";
  int speakers = 24;
  int per_class = 16;
  std::array<double, 3> split{0.6, 0.2, 0.2};
  int finetune_epochs = 10;
  double finetune_lr = 0.0;  // 0 = the from-scratch recipe's
  int64_t forget = 10;       // N random training utterances
  std::vector<std::string> methods = unlearn::utterance_method_names();
  unlearn::MethodSettings unlearn = demo_method_settings();
  // M and P the command line named: every method attacks with them; otherwise a method
  // with its own (the recommended one) attacks with its own.
  unlearn::NamedPgdSettings named_pgd;
  train::RunOptions run = demo_run_options();
  bool overwrite = false;
  std::filesystem::path executable;  // the emoforget binary the side-by-side jobs run
  int lanes = 2;                     // jobs side by side
  int threads = 0;                   // threads per job; 0 = cores / lanes (at least 1)

  void validate() const;
  // Threads each side-by-side job gets.
  int job_threads() const;
  nlohmann::json to_json() const;
};

// Runs the demo into config.out and returns its summary report; `table` receives
// the Markdown summary table.
nlohmann::json run_demo(const DemoConfig& config, std::string& table);

}  // namespace emoforget::reproduce
