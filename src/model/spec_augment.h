// SpecAugment-style masking of the projected features in training (transformers'
// _compute_mask_indices and Wav2Vec2Model._mask_hidden_states): time spans are replaced by the
// learnt masked_spec_embed vector, feature spans are zeroed. Random draws come from torch's
// global generator, so a run is reproducible after torch::manual_seed.
#pragma once

#include <cstdint>

#include <torch/torch.h>

#include "model/config.h"

namespace emoforget::model {

// Boolean (batch, length) CPU mask of spans of `mask_length`, as transformers computes it for
// inputs without padding: num_spans = max(int(mask_prob * length / mask_length + eps),
// min_masks) with one eps ~ U[0,1) per call, capped so the spans fit; span starts are drawn
// without replacement from [0, length - mask_length]; spans may overlap.
torch::Tensor compute_mask_indices(int64_t batch, int64_t length, double mask_prob,
                                   int64_t mask_length, int64_t min_masks);

// Applies time masking (with `masked_spec_embed`) and feature masking to (B, T, H)
// hidden states when `training` and the configuration asks for them; otherwise returns the
// input unchanged.
torch::Tensor mask_hidden_states(const torch::Tensor& hidden_states,
                                 const torch::Tensor& masked_spec_embed, const ModelConfig& config,
                                 bool training);

}  // namespace emoforget::model
