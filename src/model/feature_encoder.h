// The convolutional feature encoder (transformers' Wav2Vec2FeatureEncoder): 7 Conv1d layers
// over the raw waveform without padding, each followed by GELU; feat_extract_norm "group"
// puts a per-channel GroupNorm on layer 0 only, "layer" a LayerNorm over channels on each layer.
#pragma once

#include <torch/torch.h>

#include "model/config.h"

namespace emoforget::model {

enum class ConvNorm { kNone, kGroup, kLayer };

// One layer: conv -> [GroupNorm | LayerNorm over channels] -> GELU. Registered names `conv`,
// `layer_norm` (the norm, whichever kind).
class FeatureConvLayerImpl : public torch::nn::Module {
 public:
  FeatureConvLayerImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride,
                       bool bias, ConvNorm norm);
  // (B, C_in, T) -> (B, C_out, (T - kernel) / stride + 1)
  torch::Tensor forward(const torch::Tensor& x);
  // The same layer on time-major activations, (B, T, C_in) -> (B, T', C_out): the convolution
  // runs as a channels-last 2-D one over a height-1 image, so its output is already laid out
  // for the LayerNorm over channels and nothing is transposed into a copy. Same numbers as
  // forward(); 2-4x faster forward+backward for LayerNorm stacks on CPU (slower for the
  // GroupNorm stack, which therefore keeps forward()).
  torch::Tensor forward_time_major(const torch::Tensor& x);

  torch::nn::Conv1d conv{nullptr};
  torch::nn::GroupNorm group_norm{nullptr};  // set when norm == kGroup
  torch::nn::LayerNorm layer_norm{nullptr};  // set when norm == kLayer

 private:
  ConvNorm norm_;
  int64_t stride_;
};
TORCH_MODULE(FeatureConvLayer);

class FeatureEncoderImpl : public torch::nn::Module {
 public:
  explicit FeatureEncoderImpl(const ModelConfig& config);
  // (B, T) waveform -> (B, conv_dim.back(), frames)
  torch::Tensor forward(const torch::Tensor& input_values);
  // requires_grad(false) on every parameter of the stack.
  void freeze();
  bool frozen() const { return frozen_; }

  torch::nn::ModuleList conv_layers{nullptr};

 private:
  bool frozen_ = false;
  bool time_major_ = false;  // every layer has a LayerNorm: run forward_time_major
};
TORCH_MODULE(FeatureEncoder);

}  // namespace emoforget::model
