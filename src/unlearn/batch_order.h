// Batch orders for the unlearning loop: a seeded permutation per epoch, walked
// in batches, and a cycling walk for the smaller set paired with each batch.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "common/rng.h"

namespace emoforget::unlearn {

class BatchOrder {
 public:
  BatchOrder() = default;
  BatchOrder(int64_t size, int64_t batch) : size_(size), batch_(batch) {}

  int64_t size() const { return size_; }
  int64_t batch() const { return batch_; }
  int64_t steps() const { return (size_ + batch_ - 1) / batch_; }
  // Draws a new permutation.
  void shuffle(Rng& rng);
  // Indices of batch `step` of the walk (the last one may be short).
  torch::Tensor batch_indices(int64_t step) const;
  // `batch` indices starting at step * batch, wrapping around (for cycling).
  torch::Tensor cycled_indices(int64_t step) const;

 private:
  int64_t size_ = 0;
  int64_t batch_ = 1;
  std::vector<int64_t> order_;
};

}  // namespace emoforget::unlearn
