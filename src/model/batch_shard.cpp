#include "model/batch_shard.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "common/rng.h"

namespace emoforget::model {
namespace {

thread_local const BatchShard* active = nullptr;
thread_local uint64_t dropout_calls = 0;  // within the open scope

// What ATen's dropout does with a mask: keep with probability 1 - p, scale by 1 / (1 - p).
torch::Tensor apply_mask(const torch::Tensor& x, torch::Tensor noise, double p) {
  if (p == 1.0) return x * noise.zero_();
  return x * noise.div_(1.0 - p);
}

}  // namespace

const BatchShard* current_batch_shard() {
  return active;
}

int64_t BatchShard::global_row(int64_t local) const {
  return rows.empty() ? offset + local : rows.at(static_cast<size_t>(local));
}

torch::Tensor BatchShard::take(const torch::Tensor& drawn, int64_t local) const {
  if (rows.empty()) return drawn.narrow(0, offset, local);
  return drawn.index_select(0, torch::tensor(rows, torch::kInt64).to(drawn.device()));
}

BatchShardScope::BatchShardScope(const BatchShard& shard)
    : previous_(active), previous_calls_(dropout_calls), shard_(shard) {
  active = &shard_;
  dropout_calls = 0;
}

BatchShardScope::~BatchShardScope() {
  active = previous_;
  dropout_calls = previous_calls_;
}

torch::Tensor batch_dropout(const torch::Tensor& x, double p, bool training) {
  const BatchShard* shard = active;
  if (shard == nullptr || !training || p == 0.0 || x.numel() == 0)
    return torch::dropout(x, p, training);
  const uint64_t call = dropout_calls++;
  if (!x.device().is_cpu()) {
    std::vector<int64_t> sizes = x.sizes().vec();
    sizes[0] = shard->global;
    torch::Tensor noise = torch::empty(sizes, x.options().requires_grad(false));
    noise.bernoulli_(1.0 - p);
    // A copy of the rank's rows: a view would keep the global mask alive for backward.
    return apply_mask(x, shard->take(noise, x.size(0)).clone(), p);
  }
  torch::Tensor noise = torch::empty(x.sizes(), x.options().requires_grad(false));
  Rng call_streams = Rng(shard->seed).fork(call);
  for (int64_t r = 0; r < x.size(0); ++r) {
    const uint64_t seed =
        Rng(call_streams).fork(static_cast<uint64_t>(shard->global_row(r))).next_u64();
    noise[r].bernoulli_(1.0 - p, at::detail::createCPUGenerator(seed));
  }
  return apply_mask(x, noise, p);
}

}  // namespace emoforget::model
