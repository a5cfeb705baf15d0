// Fine-tuning an emotion classifier on a manifest (the paper's model f): Adam,
// per-epoch validation UAR, best-or-last checkpoint, exact resume.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "train/finetune_config.h"

namespace emoforget::train {

struct FinetuneHooks {
  // Called after each epoch's state is saved; returning true stops the run there
  // (as an interruption would). Used by tests of --resume.
  std::function<bool(int epoch)> stop_after_epoch;
};

// Runs the fine-tuning described by `config` and writes the kept model as a Hugging
// Face directory at config.out (with report.json). Returns the report; when a hook
// stopped the run, the report has "interrupted": true and config.out is not written.
nlohmann::json finetune(const FinetuneConfig& config, const FinetuneHooks& hooks = {});

}  // namespace emoforget::train
