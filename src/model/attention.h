// Self-attention behind an interface, so encoder layers can hold other attention kinds
// (e.g. WavLM's gated relative position bias) without changing the layer code. The standard
// kind is transformers' Wav2Vec2Attention: separate q/k/v/out projections with bias, queries
// scaled by head_dim^-0.5, softmax, dropout on the attention probabilities.
#pragma once

#include <memory>

#include <torch/torch.h>

#include "model/config.h"

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
  int64_t num_heads_;
  int64_t head_dim_;
  double dropout_;
};

// The attention kind the configuration asks for (registered under the name `attention`).
std::shared_ptr<SelfAttention> make_attention(const ModelConfig& config);

}  // namespace emoforget::model
