// Feature encoder: conv stack over the raw waveform (see feature_encoder.h).
#include "model/feature_encoder.h"

#include "model/gelu.h"
#include "model/normalization.h"

namespace emoforget::model {

FeatureConvLayerImpl::FeatureConvLayerImpl(int64_t in_channels, int64_t out_channels,
                                           int64_t kernel, int64_t stride, bool bias, ConvNorm norm)
    : norm_(norm) {
  conv = register_module(
      "conv",
      torch::nn::Conv1d(
          torch::nn::Conv1dOptions(in_channels, out_channels, kernel).stride(stride).bias(bias)));
  // transformers uses the torch default eps (1e-5) for both norms here, not layer_norm_eps.
  if (norm == ConvNorm::kGroup) {
    group_norm = register_module(
        "layer_norm",
        torch::nn::GroupNorm(torch::nn::GroupNormOptions(out_channels, out_channels).eps(1e-5)));
  } else if (norm == ConvNorm::kLayer) {
    layer_norm = register_module(
        "layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({out_channels}).eps(1e-5)));
  }
}

torch::Tensor FeatureConvLayerImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = conv->forward(x);
  if (norm_ == ConvNorm::kGroup) {
    h = apply_norm(group_norm, h);
  } else if (norm_ == ConvNorm::kLayer) {
    h = apply_norm(layer_norm, h.transpose(-2, -1)).transpose(-2, -1);
  }
  return gelu_safe(h);
}

FeatureEncoderImpl::FeatureEncoderImpl(const ModelConfig& config) {
  conv_layers = register_module("conv_layers", torch::nn::ModuleList());
  int64_t in_channels = 1;
  for (size_t i = 0; i < config.conv_dim.size(); ++i) {
    ConvNorm norm = ConvNorm::kNone;
    if (config.feat_extract_norm == "layer") {
      norm = ConvNorm::kLayer;
    } else if (i == 0) {
      norm = ConvNorm::kGroup;
    }
    conv_layers->push_back(FeatureConvLayer(in_channels, config.conv_dim[i], config.conv_kernel[i],
                                            config.conv_stride[i], config.conv_bias, norm));
    in_channels = config.conv_dim[i];
  }
}

torch::Tensor FeatureEncoderImpl::forward(const torch::Tensor& input_values) {
  TORCH_CHECK(input_values.dim() == 2, "feature encoder: expected input (batch, samples), got ",
              input_values.sizes());
  torch::Tensor h = input_values.unsqueeze(1);
  for (const auto& layer : *conv_layers) {
    h = layer->as<FeatureConvLayer>()->forward(h);
  }
  return h;
}

void FeatureEncoderImpl::freeze() {
  for (auto& p : parameters())
    p.set_requires_grad(false);
  frozen_ = true;
}

}  // namespace emoforget::model
