// Devices and precision: bf16 autocast forward/backward (CPU here; CUDA when present) stays
// close to fp32, autocast state is restored, and a CUDA model matches the CPU one.
#include <gtest/gtest.h>

#include <ATen/autocast_mode.h>

#include "model/autocast.h"
#include "model/model_test_util.h"
#include "model/sequence_classifier.h"

namespace emoforget::testing {
namespace {

using model::AutocastScope;
using model::SequenceClassifier;

double cosine(const torch::Tensor& a, const torch::Tensor& b) {
  const auto x = a.to(torch::kFloat64).flatten();
  const auto y = b.to(torch::kFloat64).flatten();
  return (x.dot(y) / (x.norm() * y.norm())).item<double>();
}

void expect_bf16_close_to_fp32(const torch::Device& device) {
  SequenceClassifier model(micro_config());
  model->init_weights(2);
  model->to(device);
  model->eval();
  const auto input = test_input(2).to(device);
  const auto targets = torch::tensor({0, 1}, torch::kLong).to(device);

  auto x32 = input.clone().requires_grad_(true);
  const auto logits32 = model->forward(x32);
  torch::nn::functional::cross_entropy(logits32, targets).backward();

  auto x16 = input.clone().requires_grad_(true);
  torch::Tensor logits16;
  {
    AutocastScope autocast(device.type(), torch::kBFloat16);
    logits16 = model->forward(x16);
  }
  torch::nn::functional::cross_entropy(logits16.to(torch::kFloat32), targets).backward();
  ASSERT_TRUE(torch::isfinite(logits16).all().item<bool>());
  const double scale = logits32.abs().max().item<double>();
  const double diff = (logits16.to(torch::kFloat32) - logits32).abs().max().item<double>();
  EXPECT_LE(diff, 0.05 * scale + 1e-3) << "bf16 vs fp32 logits";
  EXPECT_EQ(x16.grad().scalar_type(), torch::kFloat32);
  EXPECT_GT(cosine(x16.grad(), x32.grad()), 0.9);
}

TEST(Precision, Bf16AutocastOnCpuIsCloseToFp32) {
  expect_bf16_close_to_fp32(torch::kCPU);
}

TEST(Precision, AutocastScopeRestoresTheState) {
  const bool before = at::autocast::is_cpu_enabled();
  {
    AutocastScope scope(torch::kCPU, torch::kBFloat16);
    EXPECT_TRUE(at::autocast::is_cpu_enabled());
    { AutocastScope off(torch::kCPU, torch::kBFloat16, /*enabled=*/false); }
    EXPECT_TRUE(at::autocast::is_cpu_enabled());
  }
  EXPECT_EQ(at::autocast::is_cpu_enabled(), before);
  expect_error([] { AutocastScope s(torch::kCPU, torch::kFloat64); }, {"dtype", "Double"});
}

TEST(Precision, CudaMatchesCpuAndRunsUnderBf16Autocast) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  SequenceClassifier model(micro_config());
  model->init_weights(3);
  model->eval();
  {
    torch::NoGradGuard no_grad;
    const auto cpu_logits = model->forward(test_input(2));
    model->to(torch::kCUDA);
    const auto cuda_logits = model->forward(test_input(2).to(torch::kCUDA)).cpu();
    EXPECT_TRUE(cuda_logits.allclose(cpu_logits, 1e-3, 1e-4));
  }
  expect_bf16_close_to_fp32(torch::kCUDA);
}

}  // namespace
}  // namespace emoforget::testing
