// Fine-tuning an emotion classifier on a manifest (the paper's model f): Adam,
// per-epoch validation UAR, best-or-last checkpoint, exact resume.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "model/sequence_classifier.h"
#include "train/finetune_config.h"

namespace emoforget::train {

struct FinetuneHooks {
  // Called after each epoch's state is saved; returning true stops the run there
  // (as an interruption would). Used by tests of --resume.
  std::function<bool(int epoch)> stop_after_epoch;
  // Multiplies the learning rate of one try of an epoch (tests of the collapse guard).
  std::function<double(int epoch)> lr_factor;
};

// The kept model of a fine-tuning and its report (nothing written but the resume
// state in config.work_dir()).
struct TrainedClassifier {
  model::SequenceClassifier model{nullptr};
  nlohmann::json report;
  bool interrupted = false;  // a hook stopped the run; `model` is empty
};

// Runs the fine-tuning described by `config` and returns the kept model; the caller
// writes it (and then removes the resume state with remove_work_dir).
TrainedClassifier train_classifier(const FinetuneConfig& config, const FinetuneHooks& hooks = {});
void remove_work_dir(const FinetuneConfig& config);

// Runs the fine-tuning described by `config` and writes the kept model as a Hugging
// Face directory at config.out (with report.json). Returns the report; when a hook
// stopped the run, the report has "interrupted": true and config.out is not written.
nlohmann::json finetune(const FinetuneConfig& config, const FinetuneHooks& hooks = {});

}  // namespace emoforget::train
