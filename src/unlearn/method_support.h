// Small pieces the unlearning methods share: moving a batch to the device and
// one forward pass over two batches at once.
#pragma once

#include <utility>

#include <torch/torch.h>

#include "unlearn/method.h"

namespace emoforget::unlearn {

inline torch::Device context_device(const UnlearnContext& context) {
  return context.config->device.torch_device();
}

// Rows `index` of a CPU tensor, on the run's device.
inline torch::Tensor rows_on_device(const UnlearnContext& context, const torch::Tensor& source,
                                    const torch::Tensor& index) {
  return source.index_select(0, index).to(context_device(context));
}

inline torch::Tensor cross_entropy(const torch::Tensor& logits, const torch::Tensor& labels) {
  return torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), labels);
}

// Logits of `a` and of `b` from a single forward pass over both.
inline std::pair<torch::Tensor, torch::Tensor> joint_logits(UnlearnContext& context,
                                                            const torch::Tensor& a,
                                                            const torch::Tensor& b) {
  const torch::Tensor logits = context.model->forward(torch::cat({a, b}));
  return {logits.slice(0, 0, a.size(0)), logits.slice(0, a.size(0))};
}

}  // namespace emoforget::unlearn
