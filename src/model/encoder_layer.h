// One transformer encoder layer (transformers' Wav2Vec2EncoderLayer and
// Wav2Vec2EncoderLayerStableLayerNorm) and its feed-forward block.
// Post-LN: x = LN(x + drop(attn(x))); x = final_LN(x + FF(x)).
// Pre-LN (do_stable_layer_norm): x = x + drop(attn(LN(x))); x = x + FF(final_LN(x)).
#pragma once

#include <memory>

#include <torch/torch.h>

#include "model/attention.h"
#include "model/config.h"

namespace emoforget::model {

// H -> intermediate -> GELU -> dropout(activation_dropout) -> H -> dropout(hidden_dropout)
class FeedForwardImpl : public torch::nn::Module {
 public:
  explicit FeedForwardImpl(const ModelConfig& config);
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Dropout intermediate_dropout{nullptr};
  torch::nn::Linear intermediate_dense{nullptr};
  torch::nn::Linear output_dense{nullptr};
  torch::nn::Dropout output_dropout{nullptr};
};
TORCH_MODULE(FeedForward);

class EncoderLayerImpl : public torch::nn::Module {
 public:
  explicit EncoderLayerImpl(const ModelConfig& config);
  // (B, T, H) -> (B, T, H)
  torch::Tensor forward(const torch::Tensor& hidden_states);

  std::shared_ptr<SelfAttention> attention;
  torch::nn::Dropout dropout{nullptr};
  torch::nn::LayerNorm layer_norm{nullptr};
  FeedForward feed_forward{nullptr};
  torch::nn::LayerNorm final_layer_norm{nullptr};

 private:
  bool stable_layer_norm_;
};
TORCH_MODULE(EncoderLayer);

}  // namespace emoforget::model
