// The memory an unlearning run needs (train/memory_estimate.h), from its method's
// descriptor and the request's sizes: the model, θ* and the Fisher for the EWC methods,
// Adam's state, the larger of the PGD pass (one batch per core on the CPU) and a
// training step (a forget batch and its paired batch), and the decoded audio (forget set,
// adversarial set, remain set, held-out splits). Checked before anything is decoded.
#pragma once

#include <cstdint>

#include "train/memory_estimate.h"
#include "unlearn/method_info.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

struct UnlearnSizes {
  int64_t forget = 0;    // utterances to forget
  int64_t remain = 0;    // remain-set utterances the method decodes (0 unless it walks them)
  int64_t held_out = 0;  // utterances of the held-out splits scored before and after
};

train::MemoryEstimate estimate_unlearning_memory(const UnlearnConfig& config,
                                                 const MethodInfo& info, const UnlearnSizes& sizes);

}  // namespace emoforget::unlearn
