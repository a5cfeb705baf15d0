// Encoder layer and feed-forward block (see encoder_layer.h).
#include "model/encoder_layer.h"
#include "model/batch_shard.h"

#include "model/fused_linear.h"
#include "model/gelu.h"
#include "model/normalization.h"

namespace emoforget::model {

FeedForwardImpl::FeedForwardImpl(const ModelConfig& config) {
  intermediate_dropout =
      register_module("intermediate_dropout", torch::nn::Dropout(config.activation_dropout));
  intermediate_dense = register_module(
      "intermediate_dense", torch::nn::Linear(config.hidden_size, config.intermediate_size));
  output_dense = register_module("output_dense",
                                 torch::nn::Linear(config.intermediate_size, config.hidden_size));
  output_dropout = register_module("output_dropout", torch::nn::Dropout(config.hidden_dropout));
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) {
  torch::Tensor h =
      batch_dropout(gelu_safe(fused_linear(intermediate_dense, x)),
                    intermediate_dropout->options.p(), intermediate_dropout->is_training());
  return batch_dropout(fused_linear(output_dense, h), output_dropout->options.p(),
                       output_dropout->is_training());
}

EncoderLayerImpl::EncoderLayerImpl(const ModelConfig& config)
    : stable_layer_norm_(config.do_stable_layer_norm) {
  attention = register_module("attention", make_attention(config));
  dropout = register_module("dropout", torch::nn::Dropout(config.hidden_dropout));
  const auto norm_options =
      torch::nn::LayerNormOptions({config.hidden_size}).eps(config.layer_norm_eps);
  layer_norm = register_module("layer_norm", torch::nn::LayerNorm(norm_options));
  feed_forward = register_module("feed_forward", FeedForward(config));
  final_layer_norm = register_module("final_layer_norm", torch::nn::LayerNorm(norm_options));
}

torch::Tensor EncoderLayerImpl::forward(const torch::Tensor& hidden_states) {
  if (stable_layer_norm_) {
    torch::Tensor h = apply_norm(layer_norm, hidden_states);
    h = hidden_states +
        batch_dropout(attention->forward(h), dropout->options.p(), dropout->is_training());
    return h + feed_forward->forward(apply_norm(final_layer_norm, h));
  }
  torch::Tensor h = batch_dropout(attention->forward(hidden_states), dropout->options.p(),
                                  dropout->is_training());
  h = apply_norm(layer_norm, hidden_states + h);
  return apply_norm(final_layer_norm, h + feed_forward->forward(h));
}

}  // namespace emoforget::model
