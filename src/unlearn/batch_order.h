// Batch orders for the unlearning loop: a seeded permutation per epoch, walked
// in batches, and a cycling walk for the smaller set paired with each batch.
#pragma once

#include <algorithm>

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

// The walk of the paired methods: a set in shuffled batches, each batch paired
// with up to a batch of forget samples, cycled (the forget set is the smaller one).
class PairedWalk {
 public:
  PairedWalk() = default;
  PairedWalk(int64_t size, int64_t forget_size, int64_t batch)
      : set_(size, batch), forget_(forget_size, std::min(batch, forget_size)) {}

  int64_t steps() const { return set_.steps(); }
  // New permutations of the set, then of the forget set.
  void shuffle(Rng& rng) {
    set_.shuffle(rng);
    forget_.shuffle(rng);
  }
  torch::Tensor set_indices(int64_t step) const { return set_.batch_indices(step); }
  torch::Tensor forget_indices(int64_t step) const { return forget_.cycled_indices(step); }

 private:
  BatchOrder set_;
  BatchOrder forget_;
};

}  // namespace emoforget::unlearn
