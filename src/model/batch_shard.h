// Data-parallel training gives each rank a shard of the global batch. For a training
// forward's random draws (dropout masks, SpecAugment spans) to be what one process
// would draw for the global batch, whatever the rank count, a rank inside a
// BatchShardScope draws them for all `global` rows, in the same order, and keeps its
// own rows ([offset, offset + local), or the listed rows). Outside a scope nothing
// changes.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/types.h>

namespace emoforget::model {

struct BatchShard {
  int64_t global = 0;         // rows of the global batch
  int64_t offset = 0;         // this rank's first row (its rows are contiguous) ...
  std::vector<int64_t> rows;  // ... unless these are given: its rows, in its batch's order

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
  BatchShard shard_;
};

// torch::dropout(x, p, training), with the mask drawn for the global batch inside a
// scope (x's dim 0 is the batch).
torch::Tensor batch_dropout(const torch::Tensor& x, double p, bool training);

}  // namespace emoforget::model
