#include "unlearn/batch_order.h"

#include <algorithm>

#include <torch/torch.h>

namespace emoforget::unlearn {

void BatchOrder::shuffle(Rng& rng) {
  order_.resize(size_);
  for (int64_t i = 0; i < size_; ++i)
    order_[i] = i;
  rng.shuffle(order_);
}

torch::Tensor BatchOrder::batch_indices(int64_t step) const {
  const int64_t begin = step * batch_;
  const int64_t end = std::min(size_, begin + batch_);
  return torch::tensor(std::vector<int64_t>(order_.begin() + begin, order_.begin() + end));
}

torch::Tensor BatchOrder::cycled_indices(int64_t step) const {
  std::vector<int64_t> picked(batch_);
  for (int64_t j = 0; j < batch_; ++j)
    picked[j] = order_[(step * batch_ + j) % size_];
  return torch::tensor(picked);
}

}  // namespace emoforget::unlearn
