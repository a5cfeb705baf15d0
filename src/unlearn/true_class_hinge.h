// Lowering the true class alone (--wrong-labels lower): instead of training a forget sample
// towards some wrong class, only the score of its true class is pushed down, until it lies a
// margin below the best other class. That class is the bar, not a target: it takes no
// gradient, so no class is trained up, and each sample lands, once its true class has
// fallen, in whichever class the model itself ranks next. With nearest wrong labels the
// nearest class is raised onto the forget samples and grows over its neighbours' held-out
// speech; here only what scores the forgotten samples' own classes is moved.
#pragma once

#include <torch/types.h>

namespace emoforget::unlearn {

// The margin, in logits, by which the true class is lowered below the best other one.
inline constexpr double kTrueClassMargin = 1.0;

// Per row of `logits` (B, C >= 2): max(0, z_y - max_{c != y} z_c + margin) with y = `labels`
// (B, int64), the other classes' scores detached (B, float32). Its gradient is +1 on the
// true class of each row still above the bar and 0 everywhere else.
torch::Tensor true_class_hinge(const torch::Tensor& logits, const torch::Tensor& labels,
                               double margin = kTrueClassMargin);

}  // namespace emoforget::unlearn
