// Norm layers run in the dtype of their parameters. Under CUDA autocast LayerNorm/GroupNorm
// already run in fp32; LibTorch 1.13's CPU autocast leaves them alone and they then fail on
// bf16 inputs, so the input is cast explicitly (a no-op when the dtypes agree).
#pragma once

#include <torch/torch.h>

namespace emoforget::model {

// `Norm` is torch::nn::LayerNorm or torch::nn::GroupNorm.
template <typename Norm>
torch::Tensor apply_norm(Norm& norm, const torch::Tensor& x) {
  return norm->forward(x.to(norm->weight.scalar_type()));
}

}  // namespace emoforget::model
