// Transformer encoder with LayerDrop (see encoder.h).
#include "model/encoder.h"
#include "model/batch_shard.h"

#include "model/encoder_layer.h"
#include "model/normalization.h"

namespace emoforget::model {

EncoderImpl::EncoderImpl(const ModelConfig& config)
    : stable_layer_norm_(config.do_stable_layer_norm), layerdrop_(config.layerdrop) {
  pos_conv_embed = register_module("pos_conv_embed", PositionalConvEmbedding(config));
  layer_norm = register_module(
      "layer_norm",
      torch::nn::LayerNorm(
          torch::nn::LayerNormOptions({config.hidden_size}).eps(config.layer_norm_eps)));
  dropout = register_module("dropout", torch::nn::Dropout(config.hidden_dropout));
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < config.num_hidden_layers; ++i) {
    layers->push_back(EncoderLayer(config));
  }
}

EncoderOutput EncoderImpl::forward(const torch::Tensor& hidden_states, bool output_hidden_states) {
  EncoderOutput out;
  torch::Tensor h = hidden_states + pos_conv_embed->forward(hidden_states);
  if (!stable_layer_norm_) h = apply_norm(layer_norm, h);
  h = batch_dropout(h, dropout->options.p(), dropout->is_training());

  for (const auto& module : *layers) {
    if (output_hidden_states) out.hidden_states.push_back(h);
    // LayerDrop: one draw per layer, in training only (as transformers).
    if (is_training() && torch::rand({}).item<double>() < layerdrop_) continue;
    h = module->as<EncoderLayer>()->forward(h);
  }
  if (stable_layer_norm_) h = apply_norm(layer_norm, h);
  if (output_hidden_states) out.hidden_states.push_back(h);
  out.last_hidden_state = h;
  return out;
}

}  // namespace emoforget::model
