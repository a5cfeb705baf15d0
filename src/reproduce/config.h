// Configuration of `emoforget reproduce` (the paper's Table 1 and Fig. 2): the
// grid (N, tau, methods, settings, seeds) with the paper's full grid as defaults,
// the hyperparameters passed through to fine-tuning and unlearning, and the two
// training settings of Section 3.2.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/finetune_config.h"
#include "train/run_options.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::reproduce {

// A training setting of Section 3.2: the splits f is fine-tuned on and the
// held-out split every model is reported on.
struct Setting {
  std::string name;                       // train-val | trainval-test
  std::vector<std::string> train_splits;  // {"train"} | {"train", "val"}
  std::string held_out;                   // "val" | "test"
  std::string title;                      // "Train" | "Train+Val" (the paper's column groups)
};

// The two settings, train-val first (its validation scores choose tau for both).
const std::vector<Setting>& all_settings();
const Setting& setting_named(const std::string& name);

// True for the proposed methods, whose PGD radius tau is swept (Fig. 2).
bool method_uses_tau(const std::string& method);
// Their names, "adv or adv-ewc" (`conjunction` "or"), for messages and help.
std::string tau_method_names(const std::string& conjunction);

// The unlearning settings as reproduce and demo record them (m, p, lambda_ewc,
// unlearn_epochs, unlearn_lr, ...: their flag names).
void add_unlearn_settings(const unlearn::MethodSettings& settings, nlohmann::json& j);

struct ReproduceConfig {
  std::filesystem::path manifest;
  std::filesystem::path init;  // Hugging Face directory f is fine-tuned from
  std::string preset;          // or a randomly initialised preset (tiny | base | large)
  std::filesystem::path out;

  std::vector<int64_t> ns{10, 30, 50, 100};
  std::vector<double> taus{0.1, 0.3, 0.5, 0.7};
  std::vector<std::string> methods = unlearn::table1_method_names();
  std::vector<std::string> settings{"train-val", "trainval-test"};
  std::vector<uint64_t> seeds{0};

  int epochs = 0;   // fine-tuning epochs; 0 = the fine-tuning recipe's (finetune_epochs)
  double lr = 0.0;  // fine-tuning lr; 0 = automatic (3e-5 with --init, 1e-3 from a preset)
  unlearn::MethodSettings unlearn;  // every unlearning run's (M, P, lambda3, epochs, lr)
  // device, batch, clip length (seeds: `seeds`); batch and clip length 0 = fine-tuning's
  // recipe (train/finetune_config.h), unlearning at batch 16 on the model's clip length
  train::RunOptions run = train::FinetuneConfig::auto_run_options();
  bool keep_models = false;  // keep unlearned model weights (they are deleted after scoring)

  void validate() const;
  nlohmann::json to_json() const;
  // The fine-tuning epochs over `train_utterances` clips (`epochs`, or the recipe's).
  int finetune_epochs(int64_t train_utterances) const;
  // The unlearning runs' batch: run.batch, or the paper's 16 when it is automatic.
  int64_t unlearn_batch() const {
    return run.batch > 0 ? run.batch : train::kPretrainedRecipe.batch;
  }
  // The requested settings in run order (train-val before trainval-test).
  std::vector<Setting> ordered_settings() const;
};

}  // namespace emoforget::reproduce
