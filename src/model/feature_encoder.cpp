// Feature encoder: conv stack over the raw waveform (see feature_encoder.h).
#include "model/feature_encoder.h"

#include "model/gelu.h"
#include "model/normalization.h"

namespace emoforget::model {

FeatureConvLayerImpl::FeatureConvLayerImpl(int64_t in_channels, int64_t out_channels,
                                           int64_t kernel, int64_t stride, bool bias, ConvNorm norm)
    : norm_(norm), stride_(stride) {
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

torch::Tensor FeatureConvLayerImpl::forward_time_major(const torch::Tensor& x) {
  // (B, T, C) read as the channels-last image (B, C, 1, T).
  const torch::Tensor image = x.transpose(1, 2).unsqueeze(2);
  const torch::Tensor bias = conv->options.bias() ? conv->bias : torch::Tensor();
  torch::Tensor h =
      at::conv2d(image, conv->weight.unsqueeze(2), bias, {1, stride_}).squeeze(2).transpose(1, 2);
  TORCH_CHECK(norm_ != ConvNorm::kGroup, "feature encoder: GroupNorm layers run channels-first");
  if (norm_ == ConvNorm::kLayer) h = apply_norm(layer_norm, h);
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
  time_major_ = config.feat_extract_norm == "layer";
}

torch::Tensor FeatureEncoderImpl::forward(const torch::Tensor& input_values) {
  TORCH_CHECK(input_values.dim() == 2, "feature encoder: expected input (batch, samples), got ",
              input_values.sizes());
  if (time_major_) {
    torch::Tensor h = input_values.unsqueeze(2);
    for (const auto& layer : *conv_layers) {
      h = layer->as<FeatureConvLayer>()->forward_time_major(h);
    }
    return h.transpose(1, 2);  // a view; the backbone's transpose back costs nothing
  }
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
