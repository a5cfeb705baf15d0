// Data-parallel training gives each rank a shard of the global batch. For a training
// forward's random draws to be the same whatever the rank count, the training loops
// run every forward inside a BatchShardScope that says which rows of the step's
// global batch the tensors hold:
//   - dropout masks on the CPU come from one stream per (step seed, dropout call,
//     global row), so a rank draws its own rows only and they equal what one process
//     draws for them; on CUDA the mask is drawn for the global batch from the device's
//     generator and the rank keeps its rows;
//   - SpecAugment spans are drawn for the global batch and the rank keeps its rows.
// Outside a scope (evaluation, the attack, tests) dropout is torch::dropout.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/types.h>

namespace emoforget::model {

struct BatchShard {
  int64_t global = 0;         // rows of the global batch
  int64_t offset = 0;         // this rank's first row (its rows are contiguous) ...
  std::vector<int64_t> rows;  // ... unless these are given: its rows, in its batch's order
  uint64_t seed = 0;          // the step's seed (the per-row dropout streams)

  // The global index of this rank's `local`-th row.
  int64_t global_row(int64_t local) const;
  // This rank's rows of `drawn` (dim 0 = the global batch); `local` rows when contiguous.
  torch::Tensor take(const torch::Tensor& drawn, int64_t local) const;
};

// The calling thread's shard while a scope is open, else nullptr.
const BatchShard* current_batch_shard();

class BatchShardScope {
 public:
  explicit BatchShardScope(const BatchShard& shard);
  ~BatchShardScope();
  BatchShardScope(const BatchShardScope&) = delete;
  BatchShardScope& operator=(const BatchShardScope&) = delete;

 private:
  const BatchShard* previous_;
  uint64_t previous_calls_;
  BatchShard shard_;
};

// torch::dropout(x, p, training) outside a scope; inside one, the mask as above (x's
// dim 0 is the batch).
torch::Tensor batch_dropout(const torch::Tensor& x, double p, bool training);

}  // namespace emoforget::model
