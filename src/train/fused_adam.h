// Adam whose step updates each parameter in one pass over its memory. torch::optim::Adam runs
// a step as seven tensor operations per parameter (two for each moment, the square root, the
// bias correction, the update), each a full pass over a parameter-sized tensor; for
// wav2vec2-base that is ~2 GB of memory traffic per step, ~100 ms on a 2-core CPU. FusedAdam
// reads the parameter, its gradient and both moments once and writes them once: the same
// equations (bias-corrected moments, eps added after the square root, L2 weight decay folded
// into the gradient), the same options, parameter groups and state (saved and loaded as
// torch::optim::Adam's, so either can resume the other). Parameters it cannot fuse (not a
// dense contiguous float32 CPU tensor, or amsgrad) take torch::optim::Adam's own step.
#pragma once

#include <torch/torch.h>

namespace emoforget::train {

class FusedAdam : public torch::optim::Adam {
 public:
  using torch::optim::Adam::Adam;
  torch::Tensor step(LossClosure closure = nullptr) override;

 private:
  bool fusable() const;
};

}  // namespace emoforget::train
