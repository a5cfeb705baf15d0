// `emoforget evaluate`: a saved model's UAR, WA, per-class recall and confusion
// matrix on a manifest split or on a named list of utterances.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "train/model_report.h"

namespace emoforget::train {

struct EvaluateConfig {
  std::filesystem::path model_dir;
  std::filesystem::path manifest;
  std::string split = "test";                 // used when `utts` is empty
  std::filesystem::path utts;                 // optional utterance list (utt_ids or paths)
  RunOptions run = model_clip_run_options();  // clip length 0 = the model's; seed unused

  void validate() const;
};

nlohmann::json evaluate_checkpoint(const EvaluateConfig& config);

}  // namespace emoforget::train
