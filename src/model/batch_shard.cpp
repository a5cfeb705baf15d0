#include "model/batch_shard.h"

#include <torch/torch.h>

namespace emoforget::model {
namespace {
thread_local const BatchShard* active = nullptr;
}  // namespace

const BatchShard* current_batch_shard() {
  return active;
}

torch::Tensor BatchShard::take(const torch::Tensor& drawn, int64_t local) const {
  if (rows.empty()) return drawn.narrow(0, offset, local);
  return drawn.index_select(0, torch::tensor(rows, torch::kInt64).to(drawn.device()));
}

BatchShardScope::BatchShardScope(const BatchShard& shard) : previous_(active), shard_(shard) {
  active = &shard_;
}

BatchShardScope::~BatchShardScope() {
  active = previous_;
}

torch::Tensor batch_dropout(const torch::Tensor& x, double p, bool training) {
  const BatchShard* shard = active;
  if (shard == nullptr || !training || p == 0.0 || x.numel() == 0)
    return torch::dropout(x, p, training);
  // What ATen's CPU dropout does (a Bernoulli(1 - p) mask scaled by 1 / (1 - p)),
  // drawn in row-major order for the global batch.
  std::vector<int64_t> sizes = x.sizes().vec();
  sizes[0] = shard->global;
  torch::Tensor noise = torch::empty(sizes, x.options().requires_grad(false));
  if (p == 1.0) {
    noise.zero_();
  } else {
    noise.bernoulli_(1.0 - p).div_(1.0 - p);
  }
  return x * shard->take(noise, x.size(0));
}

}  // namespace emoforget::model
