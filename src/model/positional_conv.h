// Convolutional relative positional embedding (transformers' Wav2Vec2PositionalConvEmbedding):
// a grouped Conv1d(H, H, K, padding K/2) with weight normalisation over dim 2
// (w = g * v / ||v||, the norm taken over dims 0 and 1, so g is (1, 1, K)), the last frame
// dropped when K is even, then GELU.
#pragma once

#include <memory>

#include <torch/torch.h>

#include "model/config.h"
#include "model/frozen_cache.h"

namespace emoforget::model {

// The weight-normed grouped convolution; parameter names as torch.nn.utils.weight_norm.
// Where no gradient flows to g or v, the normalised weight is computed once and reused until g
// or v changes (FrozenCache), instead of once per forward: ~10 ms a forward for wav2vec2-base.
class WeightNormConv1dImpl : public torch::nn::Module {
 public:
  WeightNormConv1dImpl(int64_t channels, int64_t kernel, int64_t groups);
  torch::Tensor weight() const;  // g * v / ||v||_{dims 0,1}: (H, H/groups, K)
  // (B, H, T) -> (B, H, T + 1 - K % 2)  (padding K/2 on both sides)
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight_g;  // (1, 1, K)
  torch::Tensor weight_v;  // (H, H/groups, K)
  torch::Tensor bias;      // (H)
  int64_t kernel_size;
  int64_t groups;

 private:
  std::shared_ptr<FrozenCache> frozen_ = std::make_shared<FrozenCache>();
};
TORCH_MODULE(WeightNormConv1d);

class PositionalConvEmbeddingImpl : public torch::nn::Module {
 public:
  explicit PositionalConvEmbeddingImpl(const ModelConfig& config);
  // (B, T, H) -> (B, T, H) position embeddings (added to the input by the encoder)
  torch::Tensor forward(const torch::Tensor& hidden_states);

  WeightNormConv1d conv{nullptr};
};
TORCH_MODULE(PositionalConvEmbedding);

}  // namespace emoforget::model
