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

// The rest of the two default recipes. From a pretrained --init: the paper's (batch
// 16, 3 s clips from the start, no warmup). From a --preset (random weights), what
// measured best on the synthetic corpora (docs/unlearning.md, "Fine-tuning from
// scratch"): batch 8 (twice the updates per epoch), 1.5 s clips, a new random window
// of each clip every epoch, a 5 % linear warmup then a linear decay to 0, and at least
// 4000 steps (a small corpus gets more epochs: its model learns late).
struct Recipe {
  int64_t batch;
  double max_seconds;
  const char* crop;
  double warmup_ratio;
  const char* schedule;  // after the warmup: constant | linear (decay to 0 at the last step)
  int epochs;            // at least this many epochs ...
  int64_t min_steps;     // ... and enough to take at least this many optimiser steps
};
constexpr Recipe kPretrainedRecipe{16, 3.0, "start", 0.0, "constant", 20, 0};
constexpr Recipe kScratchRecipe{8, 1.5, "random", 0.05, "linear", 20, 4000};
constexpr double kAutoWarmup = -1.0;  // warmup_ratio: the recipe's

struct FinetuneConfig {
  std::filesystem::path manifest;
  std::filesystem::path init;  // Hugging Face directory; empty = start from `preset`
  std::string preset;  // tiny | base | large or a config.json (random init), when `init` is empty
  std::filesystem::path out;
  std::filesystem::path save_init;  // "" = no; else write the starting weights here (the
                                    // --init a retrained reference needs after --preset)
  std::vector<std::string> train_splits{"train"};
  std::string val_split = "val";  // "" = no validation (then the last epoch is kept)
  int epochs = 0;                 // 0 = the recipe's (resolved_epochs)
  double lr = 0.0;  // 0 = automatic: kPretrainedLearningRate with --init, else kScratchLearningRate
  double max_grad_norm = 1.0;  // clip the global gradient norm (as transformers' Trainer); 0 = off
  double warmup_ratio = kAutoWarmup;  // share of steps with a linear lr warmup; -1 = recipe
  std::string crop = "auto";          // training clips: start (first max_seconds) | random (a fresh
                              // random window each epoch; validation keeps the start) | auto
  std::string schedule = "auto";        // lr after the warmup: constant | linear | auto (recipe)
  RunOptions run = auto_run_options();  // device, batch, clip length, seed (0 = the recipe's)
  bool freeze_feature_encoder = false;
  bool resume = false;
  bool overwrite = false;
  std::string keep = "best";              // best (by validation UAR) | last
  std::set<std::string> exclude_utt_ids;  // utterances never trained on (e.g. a forget set)
  std::filesystem::path exclude_file;     // more of them, listed in a file (utt_ids or paths)

  // Batch 0 and clip length 0 mean "the recipe's".
  static RunOptions auto_run_options();
  void validate() const;
  // Whether the run starts from random weights (--preset).
  bool from_scratch() const { return init.empty(); }
  // The recipe the automatic fields take (kScratchRecipe or kPretrainedRecipe).
  const Recipe& recipe() const;
  // This config with every automatic field (batch, clip length, crop, warmup)
  // replaced by its recipe's value (the learning rate: resolved_lr()).
  FinetuneConfig resolved() const;
  // The epochs a run over `train_utterances` clips takes: `epochs`, or when 0 the
  // recipe's: max(recipe.epochs, ceil(recipe.min_steps / steps per epoch)).
  int resolved_epochs(int64_t train_utterances) const;
  // The resolved settings (every automatic field as the run uses it).
  nlohmann::json to_json() const;
  // The learning rate the run uses and why, e.g. {1e-3, "from scratch (preset tiny)"}.
  std::pair<double, std::string> resolved_lr() const;
  // Working folder beside `out` holding the best model and the resume state.
  std::filesystem::path work_dir() const;
};

}  // namespace emoforget::train
