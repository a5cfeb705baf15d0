#include "unlearn/ewc.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "common/error.h"
#include "support/mini_model.h"

namespace emoforget::unlearn {
namespace {

TEST(Ewc, FisherEqualsBruteForcePerSampleComputation) {
  model::SequenceClassifier model(testing::mini_model_config({"a", "b", "c"}));
  model->init_weights(3);
  torch::manual_seed(2);
  const torch::Tensor waves = torch::randn({3, 4000});
  const torch::Tensor labels = torch::tensor({2, 0, 1}, torch::kInt64);
  const Fisher fisher = compute_fisher(model, waves, labels, FisherNormalization::kNone, {});

  // Brute force: backward() on each sample alone, square .grad, average.
  model->eval();
  const auto params = trainable_parameters(model);
  std::vector<torch::Tensor> expected;
  for (const auto& p : params)
    expected.push_back(torch::zeros_like(p));
  for (int64_t i = 0; i < 3; ++i) {
    model->zero_grad();
    torch::nn::functional::cross_entropy(model->forward(waves.slice(0, i, i + 1)),
                                         labels.slice(0, i, i + 1))
        .backward();
    for (size_t k = 0; k < params.size(); ++k) {
      if (params[k].grad().defined()) expected[k] += params[k].grad().square();
    }
  }
  ASSERT_EQ(fisher.values.size(), params.size());
  double max_value = 0;
  for (const auto& e : expected)
    max_value = std::max(max_value, (e / 3).abs().max().item<double>());
  ASSERT_GT(max_value, 0);
  for (size_t k = 0; k < params.size(); ++k) {
    const double diff = (fisher.values[k] - expected[k] / 3).abs().max().item<double>();
    EXPECT_LE(diff, 1e-5 * max_value) << "parameter " << k;
  }
}

TEST(Ewc, PenaltyIsZeroAtThetaStarAndGrowsAway) {
  model::SequenceClassifier model(testing::mini_model_config({"a", "b"}));
  model->init_weights(4);
  const torch::Tensor waves = torch::randn({2, 4000});
  const torch::Tensor labels = torch::tensor({1, 0}, torch::kInt64);
  const Fisher fisher = compute_fisher(model, waves, labels, FisherNormalization::kNone, {});
  EXPECT_EQ(ewc_penalty(model, fisher).item<double>(), 0.0);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : model->parameters())
      p.add_(0.01);
  }
  EXPECT_GT(ewc_penalty(model, fisher).item<double>(), 0.0);
}

TEST(Ewc, MeanNormalisationGivesMeanOne) {
  model::SequenceClassifier model(testing::mini_model_config({"a", "b"}));
  model->init_weights(5);
  const torch::Tensor waves = torch::randn({2, 4000});
  const torch::Tensor labels = torch::tensor({1, 0}, torch::kInt64);
  const Fisher raw = compute_fisher(model, waves, labels, FisherNormalization::kNone, {});
  const Fisher scaled = compute_fisher(model, waves, labels, FisherNormalization::kMean, {});
  double sum = 0;
  int64_t count = 0;
  for (const auto& f : scaled.values) {
    sum += f.sum().item<double>();
    count += f.numel();
  }
  EXPECT_NEAR(sum / count, 1.0, 1e-4);
  EXPECT_NEAR(scaled.raw_mean, raw.raw_mean, 1e-12);
  EXPECT_THROW(parse_fisher_normalization("max"), Error);
}

}  // namespace
}  // namespace emoforget::unlearn
