// Attribute unlearning (the paper's future work) by iterative nullspace projection
// (INLP, Ravfogel et al. 2020) on the pooled embedding, the classifier's input:
// fit a linear probe for the attribute, remove its direction, and repeat until a
// speaker-disjoint probe is near chance. The projection P = I - B B^T (B: the removed
// directions, orthonormal) is folded into the model's projector (W <- P W, b <- P b),
// so the checkpoint keeps its shape and every later pooled embedding lies in P's
// range. The classifier is then refitted by least squares so that its logits on the
// projected embeddings match the original model's logits on the same utterances:
// what emotion needs from the removed directions is recovered from the rest where it can be.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "metrics/attack_classifier.h"
#include "model/sequence_classifier.h"

namespace emoforget::unlearn {

struct AttributeRemovalConfig {
  int max_directions = 0;  // 0 = half the embedding's width
  double target = 0.55;    // stop once the cross-validated probe is at or below this
  int folds = 5;           // of the speaker-disjoint probe
  metrics::AttackClassifierConfig probe;
};

struct AttributeRemoval {
  torch::Tensor basis;                 // (K, D) removed directions, orthonormal rows
  std::vector<double> probe_accuracy;  // balanced accuracy before each removal, then after the last

  // I - B^T B (D, D).
  torch::Tensor projection(int64_t width) const;
  nlohmann::json to_json() const;
};

// Directions of `embeddings` (N, D) that predict `value` (N, 0/1), removed one by one.
AttributeRemoval remove_attribute(const torch::Tensor& embeddings, const torch::Tensor& value,
                                  const std::vector<std::string>& speakers,
                                  const AttributeRemovalConfig& config);

// Folds `projection` into the model's projector and refits its classifier so that
// classifier(P e) matches `logits` (N, C) for the embeddings `embeddings` (N, D).
void fold_projection(model::SequenceClassifier& model, const torch::Tensor& projection,
                     const torch::Tensor& embeddings, const torch::Tensor& logits);

}  // namespace emoforget::unlearn
