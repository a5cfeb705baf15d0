// The anchor's importance beyond the paper: MAS (L2UL) equals its brute-force
// per-sample definition, and the complement direction anchors 1 - F/max F, leaving the
// forget set's most important weights free.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "support/mini_model.h"
#include "unlearn/ewc.h"

namespace emoforget::unlearn {
namespace {

struct Model {
  model::SequenceClassifier model{testing::mini_model_config({"a", "b", "c"})};
  torch::Tensor waves;
  torch::Tensor labels = torch::tensor({2, 0, 1}, torch::kInt64);
  Model() {
    model->init_weights(3);
    torch::manual_seed(2);
    waves = torch::randn({3, 4000});
  }
};

TEST(Importance, MasIsTheMeanAbsoluteGradientOfTheSquaredOutputNorm) {
  Model m;
  AnchorOptions options;
  options.measure = ImportanceMeasure::kMas;
  const Fisher mas = compute_fisher(m.model, m.waves, m.labels, options, {});
  EXPECT_EQ(mas.summary().measure, "mas");

  m.model->eval();
  const auto params = trainable_parameters(m.model);
  std::vector<torch::Tensor> expected;
  for (const auto& p : params)
    expected.push_back(torch::zeros_like(p));
  for (int64_t i = 0; i < 3; ++i) {
    m.model->zero_grad();
    m.model->forward(m.waves.slice(0, i, i + 1)).square().sum().backward();
    for (size_t k = 0; k < params.size(); ++k)
      if (params[k].grad().defined()) expected[k] += params[k].grad().abs();
  }
  double max_value = 0;
  for (const auto& e : expected)
    max_value = std::max(max_value, (e / 3).max().item<double>());
  ASSERT_GT(max_value, 0);
  for (size_t k = 0; k < params.size(); ++k)
    EXPECT_LE((mas.values[k] - expected[k] / 3).abs().max().item<double>(), 1e-5 * max_value)
        << "parameter " << k;
  // Label-free: other labels give the same importance.
  const Fisher relabelled =
      compute_fisher(m.model, m.waves, torch::tensor({0, 1, 2}, torch::kInt64), options, {});
  for (size_t k = 0; k < params.size(); ++k)
    EXPECT_TRUE(torch::allclose(relabelled.values[k], mas.values[k]));
}

TEST(Importance, TheComplementAnchorsTheWeightsTheForgetSetNeedsLeast) {
  for (const ImportanceMeasure measure : {ImportanceMeasure::kFisher, ImportanceMeasure::kMas}) {
    Model m;
    AnchorOptions important;
    important.measure = measure;
    AnchorOptions complement = important;
    complement.direction = AnchorDirection::kComplement;
    const Fisher f = compute_fisher(m.model, m.waves, m.labels, important, {});
    const Fisher c = compute_fisher(m.model, m.waves, m.labels, complement, {});
    double max = 0;
    for (const auto& v : f.values)
      max = std::max(max, v.max().item<double>());
    ASSERT_GT(max, 0);
    double least = 1.0;
    for (size_t k = 0; k < f.values.size(); ++k) {
      EXPECT_TRUE(torch::allclose(c.values[k], 1.0 - f.values[k] / max, 1e-5, 1e-6)) << k;
      least = std::min(least, c.values[k].min().item<double>());
    }
    EXPECT_NEAR(least, 0.0, 1e-6) << "the most important weight is free";
    EXPECT_EQ(c.summary().direction, "complement");

    // Moving the most important weight costs nothing under the complement, and the
    // paper's anchor holds it hardest.
    size_t top = 0;
    int64_t at = 0;
    for (size_t k = 0; k < f.values.size(); ++k) {
      if (f.values[k].max().item<double>() == max) {
        top = k;
        at = f.values[k].reshape({-1}).argmax().item<int64_t>();
      }
    }
    auto params = trainable_parameters(m.model);
    {
      torch::NoGradGuard no_grad;
      params[top].view({-1})[at] += 0.5;
    }
    EXPECT_NEAR(ewc_penalty(m.model, c).item<double>(), 0.0, 1e-6);
    EXPECT_NEAR(ewc_penalty(m.model, f).item<double>(), max * 0.25, 1e-4 * max);
  }
}

}  // namespace
}  // namespace emoforget::unlearn
