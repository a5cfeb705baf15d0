// Distillation on a held-out split (--lambda-heldout W): every step adds
// W * mean KL(f*(x) || f(x)) over a batch of the split's clips (--until-split, speech of
// speakers the model never trained on), f* the model before unlearning. The forget set
// pulls its own clips away; this term holds the model's function where the forget set is
// not, on audio the request may read (as the stopping rule does) without any training
// audio. The batches cycle through the split in an order drawn from a stream of its own,
// so the run's other draws are the same with or without it.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "common/rng.h"
#include "unlearn/batch_order.h"
#include "unlearn/method.h"
#include "unlearn/step_terms.h"

namespace emoforget::unlearn {

class HeldOutDistillation {
 public:
  // Takes the run's --lambda-heldout; off at 0. Otherwise scores the model (still f*) on
  // context.held_out once, and walks it in batches of the run's size (at most the split's);
  // throws when the context has no held-out split.
  void prepare(UnlearnContext& context);
  bool on() const { return weight_ > 0.0; }
  // A new order of the split.
  void begin_epoch();
  // Appends step `step`'s term to `terms` (nothing when off).
  void add_term(const UnlearnContext& context, int64_t step, std::vector<MeanTerm>& terms) const;

 private:
  double weight_ = 0.0;
  torch::Tensor teacher_;  // (H, C) f*'s probabilities on the held-out clips
  BatchOrder order_;
  Rng rng_{0};
};

}  // namespace emoforget::unlearn
