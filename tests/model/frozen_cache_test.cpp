#include <gtest/gtest.h>

#include <torch/torch.h>

#include "model/frozen_cache.h"
#include "model/positional_conv.h"

namespace emoforget::model {
namespace {

WeightNormConv1d make_conv() {
  torch::manual_seed(3);
  WeightNormConv1d conv(8, 5, 2);
  torch::NoGradGuard no_grad;
  conv->weight_v.copy_(torch::randn_like(conv->weight_v));
  conv->weight_g.copy_(torch::rand_like(conv->weight_g) + 0.5);
  return conv;
}

torch::Tensor expected(const WeightNormConv1d& conv) {
  torch::NoGradGuard no_grad;
  const torch::Tensor v = conv->weight_v;
  return v * conv->weight_g / v.square().sum(std::vector<int64_t>{0, 1}, true).sqrt();
}

TEST(WeightNormCache, WithoutGradientTheWeightIsComputedOnceAndFollowsEveryChange) {
  WeightNormConv1d conv = make_conv();
  torch::NoGradGuard no_grad;
  const torch::Tensor first = conv->weight();
  EXPECT_TRUE(torch::allclose(first, expected(conv), 1e-6, 1e-6));
  EXPECT_EQ(conv->weight().data_ptr(), first.data_ptr()) << "reused, not recomputed";

  conv->weight_v.add_(torch::randn_like(conv->weight_v));  // an optimiser step, in place
  const torch::Tensor after_v = conv->weight();
  EXPECT_FALSE(torch::allclose(after_v, first));
  EXPECT_TRUE(torch::allclose(after_v, expected(conv), 1e-6, 1e-6));

  conv->weight_g.mul_(3.0);
  EXPECT_TRUE(torch::allclose(conv->weight(), after_v * 3.0, 1e-5, 1e-6));

  conv->to(torch::kFloat64);  // new storage
  const torch::Tensor doubled = conv->weight();
  EXPECT_EQ(doubled.scalar_type(), torch::kFloat64);
  EXPECT_TRUE(torch::allclose(doubled, expected(conv), 1e-12, 1e-12));
}

TEST(WeightNormCache, FrozenParametersUseTheCacheAndTrainingGetsAGradientEveryTime) {
  WeightNormConv1d conv = make_conv();
  const torch::Tensor trained = conv->weight();  // grad mode, parameters require grad
  ASSERT_TRUE(trained.requires_grad());
  trained.sum().backward();
  ASSERT_TRUE(conv->weight_v.grad().defined());
  EXPECT_GT(conv->weight_g.grad().abs().sum().item<double>(), 0.0);
  EXPECT_NE(conv->weight().data_ptr(), trained.data_ptr()) << "never cached with a gradient";

  for (auto& p : conv->parameters())
    p.requires_grad_(false);  // an attack: gradient to the input only
  const torch::Tensor frozen = conv->weight();
  EXPECT_FALSE(frozen.requires_grad());
  EXPECT_EQ(conv->weight().data_ptr(), frozen.data_ptr());
  EXPECT_TRUE(torch::allclose(frozen, expected(conv), 1e-6, 1e-6));
  const torch::Tensor x = torch::randn({2, 8, 12}, torch::requires_grad());
  const torch::Tensor y = conv->forward(x);
  y.sum().backward();
  EXPECT_TRUE(x.grad().defined()) << "the input still gets its gradient";
}

TEST(FrozenCache, ComputesOnceAndAgainAfterAnyChangeOfItsSources) {
  FrozenCache cache;
  torch::Tensor a = torch::ones({3});
  torch::Tensor b = torch::full({3}, 2.0);
  int computed = 0;
  const auto sum = [&] {
    ++computed;
    return a + b;
  };
  EXPECT_TRUE(torch::equal(cache.get({a, b}, sum), torch::full({3}, 3.0)));
  cache.get({a, b}, sum);
  EXPECT_EQ(computed, 1);
  b.add_(1.0);  // in place: the version counter moves
  EXPECT_TRUE(torch::equal(cache.get({a, b}, sum), torch::full({3}, 4.0)));
  EXPECT_EQ(computed, 2);
  a = torch::zeros({3});  // another tensor: another storage
  EXPECT_TRUE(torch::equal(cache.get({a, b}, sum), torch::full({3}, 3.0)));
  EXPECT_EQ(computed, 3);
  cache.clear();
  cache.get({a, b}, sum);
  EXPECT_EQ(computed, 4) << "computed again after clear()";
}

TEST(FrozenCache, GradientFlowsOnlyInGradModeToAParameterThatRequiresIt) {
  const torch::Tensor frozen = torch::ones({2});
  const torch::Tensor trained = torch::ones({2}, torch::requires_grad());
  EXPECT_FALSE(gradient_flows_to({frozen}));
  EXPECT_TRUE(gradient_flows_to({frozen, trained}));
  const torch::NoGradGuard no_grad;
  EXPECT_FALSE(gradient_flows_to({frozen, trained}));
}

}  // namespace
}  // namespace emoforget::model
