// The wrapped exact GELU: same values as at::gelu, and the same (analytically correct)
// gradient whether the incoming gradient is contiguous or a transposed, non-contiguous view.
#include <gtest/gtest.h>

#include <cmath>

#include "model/gelu.h"
#include "model/model_test_util.h"

namespace emoforget::testing {
namespace {

// d/dx [x * Phi(x)] = Phi(x) + x * phi(x), in float64.
torch::Tensor gelu_derivative(const torch::Tensor& x) {
  const torch::Tensor xd = x.to(torch::kFloat64);
  const torch::Tensor cdf = 0.5 * (1.0 + torch::erf(xd / std::sqrt(2.0)));
  const torch::Tensor pdf = torch::exp(-0.5 * xd * xd) / std::sqrt(2.0 * M_PI);
  return cdf + xd * pdf;
}

TEST(GeluSafe, ForwardEqualsExactGelu) {
  const torch::Tensor x = torch::randn({3, 50, 40});
  EXPECT_TRUE(model::gelu_safe(x).equal(at::gelu(x)));
}

TEST(GeluSafe, GradientIsTheSameForContiguousAndTransposedIncomingGradient) {
  torch::manual_seed(11);
  const torch::Tensor x0 = torch::randn({4, 64, 300});  // (B, C, T) as in the feature encoder
  const torch::Tensor weight = torch::randn({4, 300, 64});
  const torch::Tensor expected = gelu_derivative(x0) * weight.transpose(1, 2).to(torch::kFloat64);
  for (int repeat = 0; repeat < 3; ++repeat) {
    // Non-contiguous: GELU followed by a transpose, as before the feature projection.
    auto x1 = x0.clone().requires_grad_(true);
    (model::gelu_safe(x1).transpose(1, 2) * weight).sum().backward();
    // Contiguous: the same loss without the transpose.
    auto x2 = x0.clone().requires_grad_(true);
    (model::gelu_safe(x2) * weight.transpose(1, 2).contiguous()).sum().backward();

    const double scale = expected.abs().max().item<double>();
    const double err_transposed =
        (x1.grad().to(torch::kFloat64) - expected).abs().max().item<double>() / scale;
    const double err_contiguous =
        (x2.grad().to(torch::kFloat64) - expected).abs().max().item<double>() / scale;
    EXPECT_LE(err_transposed, 1e-6) << "repeat " << repeat;
    EXPECT_LE(err_contiguous, 1e-6) << "repeat " << repeat;
    EXPECT_TRUE(x1.grad().allclose(x2.grad(), 1e-6, 1e-7)) << "repeat " << repeat;
  }
}

TEST(GeluSafe, Float64GradientMatchesTheDerivative) {
  auto x = torch::linspace(-4.0, 4.0, 81, torch::kFloat64).requires_grad_(true);
  model::gelu_safe(x).sum().backward();
  EXPECT_TRUE(x.grad().allclose(gelu_derivative(x.detach()), 1e-12, 1e-12));
}

}  // namespace
}  // namespace emoforget::testing
