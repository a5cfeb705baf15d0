// SpecAugment masking of the projected features (see spec_augment.h).
#include "model/spec_augment.h"

#include <algorithm>

#include "common/error.h"
#include "model/batch_shard.h"

namespace emoforget::model {

torch::Tensor compute_mask_indices(int64_t batch, int64_t length, double mask_prob,
                                   int64_t mask_length, int64_t min_masks) {
  if (mask_length < 1) {
    throw Error("SpecAugment: mask length must be >= 1, got " + std::to_string(mask_length));
  }
  if (mask_length > length) {
    throw Error("SpecAugment: mask length " + std::to_string(mask_length) +
                " exceeds the sequence length " + std::to_string(length) +
                " (hint: use longer inputs or a smaller mask_time_length)");
  }
  const double epsilon = torch::rand({1}, torch::kFloat64).item<double>();
  auto num_masked_spans = [&](int64_t input_length) {
    int64_t spans = static_cast<int64_t>(
        mask_prob * static_cast<double>(input_length) / static_cast<double>(mask_length) + epsilon);
    spans = std::max(spans, min_masks);
    if (spans * mask_length > length) spans = length / mask_length;
    if (input_length - (mask_length - 1) < spans) {
      spans = std::max<int64_t>(input_length - (mask_length - 1), 0);
    }
    return spans;
  };

  torch::Tensor mask = torch::zeros({batch, length}, torch::kBool);
  const int64_t spans = num_masked_spans(length);  // inputs are unpadded: one length for all
  if (spans == 0) return mask;
  auto mask_rows = mask.accessor<bool, 2>();
  const int64_t num_starts = length - (mask_length - 1);
  for (int64_t b = 0; b < batch; ++b) {
    // Starts drawn without replacement: the first `spans` entries of a random permutation.
    const torch::Tensor starts = torch::randperm(num_starts, torch::kLong).narrow(0, 0, spans);
    const auto start = starts.accessor<int64_t, 1>();
    for (int64_t s = 0; s < spans; ++s) {
      for (int64_t offset = 0; offset < mask_length; ++offset) {
        mask_rows[b][std::min(start[s] + offset, length - 1)] = true;
      }
    }
  }
  return mask;
}

torch::Tensor mask_hidden_states(const torch::Tensor& hidden_states,
                                 const torch::Tensor& masked_spec_embed, const ModelConfig& config,
                                 bool training) {
  if (!config.apply_spec_augment || !training) return hidden_states;
  const int64_t batch = hidden_states.size(0);
  const int64_t frames = hidden_states.size(1);
  const int64_t hidden = hidden_states.size(2);
  torch::Tensor h = hidden_states;
  // Inside a data-parallel shard, the spans are drawn for the global batch (batch_shard.h).
  const BatchShard* shard = current_batch_shard();
  const int64_t drawn = shard != nullptr ? shard->global : batch;
  const auto mine = [&](const torch::Tensor& mask) {
    return shard != nullptr ? shard->take(mask, batch) : mask;
  };
  if (config.mask_time_prob > 0.0) {
    const torch::Tensor time_mask =
        mine(compute_mask_indices(drawn, frames, config.mask_time_prob, config.mask_time_length,
                                  config.mask_time_min_masks))
            .to(h.device())
            .unsqueeze(-1);  // (B, T, 1)
    h = torch::where(time_mask, masked_spec_embed.to(h.dtype()), h);
  }
  if (config.mask_feature_prob > 0.0) {
    const torch::Tensor feature_mask =
        mine(compute_mask_indices(drawn, hidden, config.mask_feature_prob,
                                  config.mask_feature_length, config.mask_feature_min_masks))
            .to(h.device())
            .unsqueeze(1);  // (B, 1, H)
    h = h.masked_fill(feature_mask, 0.0);
  }
  return h;
}

}  // namespace emoforget::model
