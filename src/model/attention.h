// Self-attention behind an interface, so encoder layers can hold other attention kinds
// (e.g. WavLM's gated relative position bias) without changing the layer code. The standard
// kind is transformers' Wav2Vec2Attention: separate q/k/v/out projections with bias, queries
// scaled by head_dim^-0.5, softmax, dropout on the attention probabilities. Where no gradient
// flows to the projections (an attack, scoring), q, k and v come from one GEMM over their
// concatenated weights (FrozenCache), which uses a CPU better than three narrow ones.
#pragma once

#include <array>
#include <memory>

#include <torch/torch.h>

#include "model/config.h"
#include "model/frozen_cache.h"

namespace emoforget::model {

class SelfAttention : public torch::nn::Module {
 public:
  ~SelfAttention() override = default;
  // (B, T, H) -> (B, T, H)
  virtual torch::Tensor forward(const torch::Tensor& hidden_states) = 0;
};

class MultiHeadSelfAttention : public SelfAttention {
 public:
  MultiHeadSelfAttention(int64_t embed_dim, int64_t num_heads, double dropout);
  torch::Tensor forward(const torch::Tensor& hidden_states) override;

  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};

 private:
  // (B, T, H) each: q (unscaled), k, v.
  std::array<torch::Tensor, 3> project_qkv(const torch::Tensor& x);

  std::shared_ptr<FrozenCache> qkv_weight_ = std::make_shared<FrozenCache>();
  std::shared_ptr<FrozenCache> qkv_bias_ = std::make_shared<FrozenCache>();
  int64_t num_heads_;
  int64_t head_dim_;
  double dropout_;
};

// The attention kind the configuration asks for (registered under the name `attention`).
std::shared_ptr<SelfAttention> make_attention(const ModelConfig& config);

}  // namespace emoforget::model
