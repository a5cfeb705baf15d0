// Feature projection: LayerNorm -> Linear -> dropout (see feature_projection.h).
#include "model/feature_projection.h"
#include "model/batch_shard.h"

#include "model/fused_linear.h"
#include "model/normalization.h"

namespace emoforget::model {

FeatureProjectionImpl::FeatureProjectionImpl(const ModelConfig& config)
    : returns_normed_features_(!config.is_hubert()) {
  const int64_t channels = config.conv_dim.back();
  if (!config.is_hubert() || config.feat_proj_layer_norm) {
    layer_norm = register_module(
        "layer_norm",
        torch::nn::LayerNorm(torch::nn::LayerNormOptions({channels}).eps(config.layer_norm_eps)));
  }
  projection = register_module("projection", torch::nn::Linear(channels, config.hidden_size));
  dropout = register_module("dropout", torch::nn::Dropout(config.feat_proj_dropout));
}

FeatureProjectionOutput FeatureProjectionImpl::forward(const torch::Tensor& features) {
  const torch::Tensor normed = layer_norm ? apply_norm(layer_norm, features) : features;
  FeatureProjectionOutput out;
  out.hidden_states =
      batch_dropout(fused_linear(projection, normed), dropout->options.p(), dropout->is_training());
  out.extract_features = returns_normed_features_ ? normed : features;
  return out;
}

}  // namespace emoforget::model
