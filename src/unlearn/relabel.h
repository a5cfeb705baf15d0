// Random relabelling (paper Section 2.1, eq. 1): every forget sample gets one
// wrong label, drawn uniformly from the C-1 classes other than its true one.
#pragma once

#include <cstdint>

#include <torch/types.h>

#include "common/rng.h"

namespace emoforget::unlearn {

// A class drawn uniformly from [0, num_classes) \ {label}; num_classes must be >= 2.
int64_t random_other_class(int64_t label, int64_t num_classes, Rng& rng);

// One wrong label per entry of `labels` (int64, any shape), fixed by `rng`.
torch::Tensor random_wrong_labels(const torch::Tensor& labels, int64_t num_classes, Rng& rng);

}  // namespace emoforget::unlearn
