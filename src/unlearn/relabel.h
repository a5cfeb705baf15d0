// Relabelling the forget set. Random (paper Section 2.1, eq. 1): every forget sample
// gets one wrong label, drawn uniformly from the C-1 classes other than its true one.
// Nearest: the class the original model scores highest after the true one, so that
// unlearning moves each sample across its nearest decision boundary only (Boundary
// Shrink, Chen et al., CVPR 2023) instead of into an arbitrary class. Soft: the original
// model's probabilities of the other classes, renormalised, as a distribution to match.
#pragma once

#include <cstdint>

#include <torch/types.h>

#include "common/rng.h"

namespace emoforget::unlearn {

// A class drawn uniformly from [0, num_classes) \ {label}; num_classes must be >= 2.
int64_t random_other_class(int64_t label, int64_t num_classes, Rng& rng);

// One wrong label per entry of `labels` (int64, any shape), fixed by `rng`.
torch::Tensor random_wrong_labels(const torch::Tensor& labels, int64_t num_classes, Rng& rng);

// For each row of `logits` (N, C >= 2), the highest-scoring class other than `labels`
// (N, int64).
torch::Tensor nearest_wrong_labels(const torch::Tensor& logits, const torch::Tensor& labels);

// For each row of `logits` (N, C >= 2), softmax(logits) with the class of `labels` set to 0
// and the row renormalised to sum 1 (N, C, float32): the original model's own ranking of
// the wrong classes, whose argmax is the nearest wrong label.
torch::Tensor soft_wrong_targets(const torch::Tensor& logits, const torch::Tensor& labels);

}  // namespace emoforget::unlearn
