// Configuration of a fine-tuning run (the paper's Section 3.2: Adam, lr 3e-5 for a
// pretrained backbone, batch 16, 20 epochs), with validation and its JSON form.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/run_options.h"

namespace emoforget::train {

// Default learning rates: the paper's for a pretrained backbone, and the one a
// tiny model trained from scratch needs (3e-4 learns slowly, 3e-5 barely moves).
constexpr double kPretrainedLearningRate = 3e-5;
constexpr double kScratchLearningRate = 1e-3;

struct FinetuneConfig {
  std::filesystem::path manifest;
  std::filesystem::path init;  // Hugging Face directory; empty = start from `preset`
  std::string preset;  // tiny | base | large or a config.json (random init), when `init` is empty
  std::filesystem::path out;
  std::filesystem::path save_init;  // "" = no; else write the starting weights here (the
                                    // --init a retrained reference needs after --preset)
  std::vector<std::string> train_splits{"train"};
  std::string val_split = "val";  // "" = no validation (then the last epoch is kept)
  int epochs = 20;
  double lr = 0.0;  // 0 = automatic: kPretrainedLearningRate with --init, else kScratchLearningRate
  double max_grad_norm = 1.0;  // clip the global gradient norm (as transformers' Trainer); 0 = off
  double warmup_ratio = 0.0;   // share of steps with a linear learning-rate warmup
  std::string crop = "start";  // training clips: start (first max_seconds) | random (a fresh
                               // random window each epoch; validation keeps the start)
  RunOptions run;              // device, batch, clip length, seed
  bool freeze_feature_encoder = false;
  bool resume = false;
  bool overwrite = false;
  std::string keep = "best";              // best (by validation UAR) | last
  std::set<std::string> exclude_utt_ids;  // utterances never trained on (e.g. a forget set)

  void validate() const;
  nlohmann::json to_json() const;
  // The learning rate the run uses and why, e.g. {1e-3, "from scratch (preset tiny)"}.
  std::pair<double, std::string> resolved_lr() const;
  // Working folder beside `out` holding the best model and the resume state.
  std::filesystem::path work_dir() const;
};

}  // namespace emoforget::train
