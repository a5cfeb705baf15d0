// Does an embedding still tell a binary attribute (gender)? A logistic-regression
// probe on the embeddings, scored by speaker-disjoint k-fold cross-validation: the
// speakers of each attribute value are dealt to the folds in turn, each fold is
// predicted by a probe fitted on the others, and the out-of-fold predictions give
// the balanced accuracy (mean recall of the two values; 0.5 = chance). Speakers never
// straddle folds, so the probe cannot win by recognising a voice it was fitted on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "metrics/attack_classifier.h"

namespace emoforget::metrics {

struct ProbeResult {
  double balanced_accuracy = 0.5;
  int folds = 0;
  int64_t n = 0;
  int64_t speakers[2] = {0, 0};  // per attribute value

  nlohmann::json to_json() const;
};

// `embeddings` (N, D) float; `value` (N) 0/1; `speakers` (N) the rows' speakers (a
// speaker has one value). Folds: min(max_folds, speakers of the rarer value), at least 2.
ProbeResult probe_attribute(const torch::Tensor& embeddings, const torch::Tensor& value,
                            const std::vector<std::string>& speakers, int max_folds,
                            const AttackClassifierConfig& probe);

}  // namespace emoforget::metrics
