#include "unlearn/true_class_hinge.h"

#include <limits>

#include <torch/torch.h>

#include "common/error.h"

namespace emoforget::unlearn {

torch::Tensor true_class_hinge(const torch::Tensor& logits, const torch::Tensor& labels,
                               double margin) {
  if (logits.dim() != 2 || logits.size(1) < 2 || labels.dim() != 1 ||
      labels.size(0) != logits.size(0)) {
    throw Error("true-class hinge: expected logits (B, C >= 2) and labels (B)");
  }
  const torch::Tensor z = logits.to(torch::kFloat32);
  const torch::Tensor index = labels.to(z.device(), torch::kInt64).unsqueeze(1);
  const torch::Tensor own = z.gather(1, index).squeeze(1);
  const torch::Tensor others =
      z.detach().scatter(1, index, -std::numeric_limits<float>::infinity());
  const torch::Tensor bar = std::get<0>(others.max(1));
  return torch::relu(own - bar + margin);
}

}  // namespace emoforget::unlearn
