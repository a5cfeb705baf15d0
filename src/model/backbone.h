// The speech encoder backbone (transformers' Wav2Vec2Model / HubertModel; HuBERT is the same
// code with its feature-projection option and the `hubert.` prefix chosen by the owner):
// feature encoder -> feature projection -> SpecAugment masking (training) -> encoder.
#pragma once

#include <vector>

#include <torch/torch.h>

#include "model/config.h"
#include "model/encoder.h"
#include "model/feature_encoder.h"
#include "model/feature_projection.h"

namespace emoforget::model {

struct BackboneOutput {
  torch::Tensor last_hidden_state;           // (B, frames, H)
  torch::Tensor extract_features;            // (B, frames, conv_dim[-1])
  std::vector<torch::Tensor> hidden_states;  // num_hidden_layers + 1 when requested
};

class BackboneImpl : public torch::nn::Module {
 public:
  explicit BackboneImpl(const ModelConfig& config);
  // (B, samples) float waveform -> BackboneOutput
  BackboneOutput forward(const torch::Tensor& input_values, bool output_hidden_states = false);

  FeatureEncoder feature_extractor{nullptr};
  FeatureProjection feature_projection{nullptr};
  torch::Tensor masked_spec_embed;  // (H); undefined when no masking is configured
  Encoder encoder{nullptr};

 private:
  ModelConfig config_;
};
TORCH_MODULE(Backbone);

}  // namespace emoforget::model
