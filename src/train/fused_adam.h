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

#include <unordered_map>
#include <vector>

#include <torch/torch.h>

namespace emoforget::train {

class FusedAdam : public torch::optim::Adam {
 public:
  using torch::optim::Adam::Adam;
  torch::Tensor step(LossClosure closure = nullptr) override;

  // torch::nn::utils::clip_grad_norm_ without its pass over the gradients: the same total norm
  // and clamped coefficient, which the next step() multiplies into each of `parameters`'
  // gradients as it reads them (the same float product: the update is bit for bit that of
  // clip_grad_norm_ then step()). The gradient tensors themselves stay unscaled. Returns the
  // total norm, as clip_grad_norm_ does.
  double clip_grad_norm(const std::vector<torch::Tensor>& parameters, double max_norm);

 private:
  bool fusable() const;
  // The coefficient clip_grad_norm left for a parameter's gradient (1 when none).
  float take_scale(const torch::Tensor& parameter);

  std::unordered_map<const c10::TensorImpl*, float> pending_scale_;
};

}  // namespace emoforget::train
