// Feature projection (transformers' Wav2Vec2FeatureProjection / HubertFeatureProjection):
// LayerNorm(conv_dim[-1]) -> Linear(hidden_size) -> dropout. HuBERT has the LayerNorm only
// when feat_proj_layer_norm is set.
#pragma once

#include <torch/torch.h>

#include "model/config.h"

namespace emoforget::model {

struct FeatureProjectionOutput {
  torch::Tensor hidden_states;  // (B, frames, hidden_size)
  // (B, frames, conv_dim[-1]): the conv features as transformers returns them: after the
  // LayerNorm for Wav2Vec2, before it for HuBERT.
  torch::Tensor extract_features;
};

class FeatureProjectionImpl : public torch::nn::Module {
 public:
  explicit FeatureProjectionImpl(const ModelConfig& config);
  // (B, frames, conv_dim[-1]) -> see FeatureProjectionOutput
  FeatureProjectionOutput forward(const torch::Tensor& features);

  torch::nn::LayerNorm layer_norm{nullptr};  // absent for HuBERT without feat_proj_layer_norm
  torch::nn::Linear projection{nullptr};
  torch::nn::Dropout dropout{nullptr};

 private:
  bool returns_normed_features_;
};
TORCH_MODULE(FeatureProjection);

}  // namespace emoforget::model
