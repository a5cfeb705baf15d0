// The transformer encoder (transformers' Wav2Vec2Encoder / Wav2Vec2EncoderStableLayerNorm):
// positional convolution, the layer stack with LayerDrop in training, and the LayerNorm
// (before the stack for post-LN, after it for the stable pre-LN variant).
#pragma once

#include <vector>

#include <torch/torch.h>

#include "model/config.h"
#include "model/positional_conv.h"

namespace emoforget::model {

struct EncoderOutput {
  torch::Tensor last_hidden_state;           // (B, T, H)
  std::vector<torch::Tensor> hidden_states;  // num_hidden_layers + 1 entries when requested
};

class EncoderImpl : public torch::nn::Module {
 public:
  explicit EncoderImpl(const ModelConfig& config);
  // (B, T, H) -> EncoderOutput. In training mode each layer is skipped with probability
  // layerdrop (one torch::rand draw per layer from the global generator).
  EncoderOutput forward(const torch::Tensor& hidden_states, bool output_hidden_states);

  PositionalConvEmbedding pos_conv_embed{nullptr};
  torch::nn::LayerNorm layer_norm{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::ModuleList layers{nullptr};  // EncoderLayer

 private:
  bool stable_layer_norm_;
  double layerdrop_;
};
TORCH_MODULE(Encoder);

}  // namespace emoforget::model
