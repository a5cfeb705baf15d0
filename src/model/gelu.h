// Exact (erf) GELU with a backward that is safe for non-contiguous incoming gradients.
// LibTorch 1.13's CPU gelu backward returns wrong, run-to-run different values when the
// gradient arriving from a following transpose is non-contiguous; this wrapper makes it
// contiguous before calling the gelu backward kernel. Used everywhere the model applies GELU.
#pragma once

#include <torch/torch.h>

namespace emoforget::model {

// GELU(x) = x * Phi(x), differentiable (first order) through a custom autograd function.
torch::Tensor gelu_safe(const torch::Tensor& x);

}  // namespace emoforget::model
