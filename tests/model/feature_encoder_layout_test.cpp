// The LayerNorm conv stack runs time-major (channels-last convolutions): it must give the
// channels-first layer's numbers and input gradients.
#include <gtest/gtest.h>

#include "model/feature_encoder.h"

namespace emoforget::testing {
namespace {

using model::ConvNorm;
using model::FeatureConvLayer;

FeatureConvLayer make_layer(int64_t in_channels, int64_t kernel, int64_t stride) {
  torch::manual_seed(3);
  FeatureConvLayer layer(in_channels, 24, kernel, stride, /*bias=*/true, ConvNorm::kLayer);
  torch::NoGradGuard no_grad;
  layer->layer_norm->weight.uniform_(0.5, 1.5);
  layer->layer_norm->bias.uniform_(-0.2, 0.2);
  return layer;
}

TEST(FeatureEncoderLayout, TimeMajorLayerMatchesChannelsFirstWithGradients) {
  for (const auto& [in_channels, kernel, stride] :
       std::vector<std::tuple<int64_t, int64_t, int64_t>>{{1, 10, 5}, {16, 3, 2}, {16, 2, 2}}) {
    auto layer = make_layer(in_channels, kernel, stride);
    torch::manual_seed(4);
    const torch::Tensor x = torch::randn({3, in_channels, 401});
    const torch::Tensor upstream = torch::randn_like(layer->forward(x));

    const torch::Tensor a_in = x.clone().requires_grad_(true);
    const torch::Tensor a = layer->forward(a_in);
    (a * upstream).sum().backward();
    const torch::Tensor b_in = x.transpose(1, 2).contiguous().requires_grad_(true);
    const torch::Tensor b = layer->forward_time_major(b_in);
    (b.transpose(1, 2) * upstream).sum().backward();

    EXPECT_TRUE(torch::allclose(b.transpose(1, 2), a, 1e-4, 1e-5)) << "kernel " << kernel;
    EXPECT_TRUE(torch::allclose(b_in.grad().transpose(1, 2), a_in.grad(), 1e-4, 1e-5))
        << "kernel " << kernel;
  }
}

TEST(FeatureEncoderLayout, GroupNormLayerRefusesTimeMajor) {
  FeatureConvLayer layer(1, 8, 10, 5, false, ConvNorm::kGroup);
  EXPECT_THROW(layer->forward_time_major(torch::randn({1, 100, 1})), c10::Error);
}

}  // namespace
}  // namespace emoforget::testing
