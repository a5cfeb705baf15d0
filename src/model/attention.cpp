// Standard multi-head self-attention (see attention.h).
#include "model/attention.h"

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

std::array<torch::Tensor, 3> MultiHeadSelfAttention::project_qkv(const torch::Tensor& x) {
  if (gradient_flows_to({q_proj->weight, k_proj->weight, v_proj->weight, q_proj->bias, k_proj->bias,
                         v_proj->bias})) {
    return {fused_linear(q_proj, x), fused_linear(k_proj, x), fused_linear(v_proj, x)};
  }
  const torch::Tensor weight =
      qkv_weight_->get({q_proj->weight, k_proj->weight, v_proj->weight}, [this] {
        return torch::cat({q_proj->weight, k_proj->weight, v_proj->weight});
      });
  const torch::Tensor bias = qkv_bias_->get({q_proj->bias, k_proj->bias, v_proj->bias}, [this] {
    return torch::cat({q_proj->bias, k_proj->bias, v_proj->bias});
  });
  const std::vector<torch::Tensor> parts = at::linear(x, weight, bias).chunk(3, -1);
  return {parts[0], parts[1], parts[2]};
}

torch::Tensor MultiHeadSelfAttention::forward(const torch::Tensor& hidden_states) {
  const int64_t batch = hidden_states.size(0);
  const int64_t length = hidden_states.size(1);
  const double scaling = 1.0 / std::sqrt(static_cast<double>(head_dim_));
  // (B, T, H) -> (B, heads, T, head_dim)
  auto split_heads = [&](const torch::Tensor& x) {
    return x.view({batch, length, num_heads_, head_dim_}).transpose(1, 2);
  };
  const auto [q, k, v] = project_qkv(hidden_states);
  const torch::Tensor query = split_heads(q * scaling);
  const torch::Tensor key = split_heads(k);
  const torch::Tensor value = split_heads(v);

  torch::Tensor weights = torch::softmax(torch::matmul(query, key.transpose(-2, -1)), -1);
  weights = torch::dropout(weights, dropout_, is_training());
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
