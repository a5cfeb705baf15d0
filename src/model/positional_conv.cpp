// Weight-normed positional convolution (see positional_conv.h).
#include "model/positional_conv.h"

#include "model/gelu.h"

namespace emoforget::model {

WeightNormConv1dImpl::WeightNormConv1dImpl(int64_t channels, int64_t kernel, int64_t groups_)
    : kernel_size(kernel), groups(groups_) {
  weight_g = register_parameter("weight_g", torch::ones({1, 1, kernel}));
  weight_v = register_parameter("weight_v", torch::zeros({channels, channels / groups_, kernel}));
  bias = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor WeightNormConv1dImpl::weight() const {
  // torch._weight_norm(v, g, dim=2): v * g / ||v|| with the norm over every dim except 2.
  if (gradient_flows_to({weight_v, weight_g})) {
    frozen_->clear();
    return torch::_weight_norm(weight_v, weight_g, 2);
  }
  return frozen_->get({weight_v, weight_g},
                      [this] { return torch::_weight_norm(weight_v, weight_g, 2); });
}

torch::Tensor WeightNormConv1dImpl::forward(const torch::Tensor& x) {
  return torch::conv1d(x, weight(), bias, /*stride=*/1, /*padding=*/kernel_size / 2,
                       /*dilation=*/1, groups);
}

PositionalConvEmbeddingImpl::PositionalConvEmbeddingImpl(const ModelConfig& config) {
  conv =
      register_module("conv", WeightNormConv1d(config.hidden_size, config.num_conv_pos_embeddings,
                                               config.num_conv_pos_embedding_groups));
}

torch::Tensor PositionalConvEmbeddingImpl::forward(const torch::Tensor& hidden_states) {
  torch::Tensor h = conv->forward(hidden_states.transpose(1, 2));
  if (conv->kernel_size % 2 == 0) {
    h = h.narrow(2, 0, h.size(2) - 1);  // Wav2Vec2SamePadLayer
  }
  return gelu_safe(h).transpose(1, 2);
}

}  // namespace emoforget::model
