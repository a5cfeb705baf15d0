// A linear layer's forward as one GEMM. torch::nn::Linear's forward in LibTorch's C++ API runs
// an input of more than two dimensions as matmul and then adds the bias in a second pass over
// the output (and its backward in another); ATen's linear, which PyTorch's Python layers call,
// folds a contiguous (batch, time, features) input into one addmm with the bias inside the
// GEMM. Same parameters, same result up to rounding.
#pragma once

#include <torch/torch.h>

namespace emoforget::model {

inline torch::Tensor fused_linear(const torch::nn::Linear& layer, const torch::Tensor& x) {
  return at::linear(x, layer->weight, layer->bias);
}

}  // namespace emoforget::model
