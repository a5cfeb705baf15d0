// Standard multi-head self-attention (see attention.h).
#include "model/attention.h"
#include "model/batch_shard.h"

#include <cmath>

#include "common/error.h"
#include "model/fused_linear.h"

namespace emoforget::model {

MultiHeadSelfAttention::MultiHeadSelfAttention(int64_t embed_dim, int64_t num_heads, double dropout)
    : num_heads_(num_heads), head_dim_(embed_dim / num_heads), dropout_(dropout) {
  if (num_heads <= 0 || embed_dim % num_heads != 0) {
    throw Error("attention: hidden_size " + std::to_string(embed_dim) +
                " is not divisible by num_attention_heads " + std::to_string(num_heads));
  }
  q_proj = register_module("q_proj", torch::nn::Linear(embed_dim, embed_dim));
  k_proj = register_module("k_proj", torch::nn::Linear(embed_dim, embed_dim));
  v_proj = register_module("v_proj", torch::nn::Linear(embed_dim, embed_dim));
  out_proj = register_module("out_proj", torch::nn::Linear(embed_dim, embed_dim));
}

torch::Tensor MultiHeadSelfAttention::forward(const torch::Tensor& hidden_states) {
  const int64_t batch = hidden_states.size(0);
  const int64_t length = hidden_states.size(1);
  const double scaling = 1.0 / std::sqrt(static_cast<double>(head_dim_));
  // (B, T, H) -> (B, heads, T, head_dim)
  auto split_heads = [&](const torch::Tensor& x) {
    return x.view({batch, length, num_heads_, head_dim_}).transpose(1, 2);
  };
  const torch::Tensor query = split_heads(fused_linear(q_proj, hidden_states) * scaling);
  const torch::Tensor key = split_heads(fused_linear(k_proj, hidden_states));
  const torch::Tensor value = split_heads(fused_linear(v_proj, hidden_states));

  torch::Tensor weights = torch::softmax(torch::matmul(query, key.transpose(-2, -1)), -1);
  weights = batch_dropout(weights, dropout_, is_training());
  const torch::Tensor context = torch::matmul(weights, value)  // (B, heads, T, head_dim)
                                    .transpose(1, 2)
                                    .reshape({batch, length, num_heads_ * head_dim_});
  return fused_linear(out_proj, context);
}

std::shared_ptr<SelfAttention> make_attention(const ModelConfig& config) {
  return std::make_shared<MultiHeadSelfAttention>(config.hidden_size, config.num_attention_heads,
                                                  config.attention_dropout);
}

}  // namespace emoforget::model
