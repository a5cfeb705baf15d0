// Gradients of the classifier: fp32 against the same weights in float64 for the input and
// every parameter, and float64 against central finite differences on a very small model.
#include <gtest/gtest.h>

#include <iostream>

#include "model/model_test_util.h"
#include "model/sequence_classifier.h"

namespace emoforget::testing {
namespace {

using model::ModelConfig;
using model::SequenceClassifier;

struct Gradients {
  torch::Tensor loss;
  torch::Tensor input;
  std::map<std::string, torch::Tensor> params;
};

Gradients gradients(SequenceClassifier& model, const torch::Tensor& input,
                    const torch::Tensor& targets) {
  model->zero_grad();
  auto x = input.clone().requires_grad_(true);
  const auto loss = torch::nn::functional::cross_entropy(model->forward(x), targets);
  loss.backward();
  Gradients g;
  g.loss = loss.detach();
  g.input = x.grad();
  for (const auto& item : model->named_parameters())
    g.params[item.key()] = item.value().grad();
  return g;
}

double relative_error(const torch::Tensor& actual, const torch::Tensor& reference,
                      double floor = 0.0) {
  const torch::Tensor ref = reference.to(torch::kFloat64);
  const double scale = std::max(ref.abs().max().item<double>(), floor);
  const double diff = (actual.to(torch::kFloat64) - ref).abs().max().item<double>();
  return scale > 0.0 ? diff / scale : diff;
}

void expect_fp32_matches_fp64(const ModelConfig& config) {
  SequenceClassifier model32(config);
  SequenceClassifier model64(config);
  model32->init_weights(5);
  model64->init_weights(5);
  model64->to(torch::kFloat64);
  model32->eval();
  model64->eval();
  const torch::Tensor input = test_input(3, 9);
  const torch::Tensor targets = torch::tensor({0, 2, 1}, torch::kLong);
  const Gradients g32 = gradients(model32, input, targets);
  const Gradients g64 = gradients(model64, input.to(torch::kFloat64), targets);

  EXPECT_LE(relative_error(g32.input, g64.input), 1e-4) << "input";
  // Gradients that are zero in exact arithmetic (attention k_proj.bias: softmax ignores a
  // per-query constant) are compared against 1e-3 of the largest parameter gradient.
  double largest = 0.0;
  for (const auto& [name, grad64] : g64.params) {
    if (grad64.defined()) largest = std::max(largest, grad64.abs().max().item<double>());
  }
  double worst = 0.0;
  std::string worst_name;
  for (const auto& [name, grad64] : g64.params) {
    const auto& grad32 = g32.params.at(name);
    ASSERT_EQ(grad32.defined(), grad64.defined()) << name;
    if (!grad64.defined()) continue;  // masked_spec_embed is unused in eval mode
    const double err = relative_error(grad32, grad64, 1e-3 * largest);
    EXPECT_LE(err, 1e-4) << name;
    if (err > worst) worst = err, worst_name = name;
  }
  std::cerr << config.model_type << (config.do_stable_layer_norm ? " pre-LN" : " post-LN")
            << ": worst fp32/fp64 gradient relative error " << worst << " (" << worst_name
            << "), input " << relative_error(g32.input, g64.input) << "\n";
}

TEST(ClassifierGradients, Fp32MatchesFp64ForInputAndEveryParameter) {
  expect_fp32_matches_fp64(micro_config());
}

TEST(ClassifierGradients, Fp32MatchesFp64WithLayerNormConvsAndPreLn) {
  ModelConfig config = micro_config("hubert");
  config.feat_extract_norm = "layer";
  config.conv_bias = true;
  config.do_stable_layer_norm = true;
  config.use_weighted_layer_sum = true;
  expect_fp32_matches_fp64(config);
}

TEST(ClassifierGradients, Float64MatchesFiniteDifferences) {
  ModelConfig config = micro_config();
  config.conv_dim.assign(7, 4);
  config.hidden_size = 8;
  config.num_attention_heads = 2;
  config.intermediate_size = 8;
  config.num_hidden_layers = 1;
  config.num_conv_pos_embedding_groups = 2;
  config.num_conv_pos_embeddings = 4;
  config.classifier_proj_size = 4;
  SequenceClassifier model(config);
  model->init_weights(3);
  model->to(torch::kFloat64);
  model->eval();
  const torch::Tensor input = test_input(2, 4, torch::kFloat64);
  const torch::Tensor targets = torch::tensor({1, 2}, torch::kLong);
  const Gradients g = gradients(model, input, targets);

  auto loss_at = [&](const torch::Tensor& x) {
    torch::NoGradGuard no_grad;
    return torch::nn::functional::cross_entropy(model->forward(x), targets).item<double>();
  };
  // Directional derivative along a random direction: (L(p + eD) - L(p - eD)) / 2e == <g, D>.
  auto gen = at::make_generator<at::CPUGeneratorImpl>(17);
  const double eps = 1e-6;
  auto check = [&](torch::Tensor target, const torch::Tensor& grad, const std::string& name,
                   const std::function<double()>& loss) {
    const torch::Tensor direction =
        torch::randn(target.sizes(), gen, torch::TensorOptions().dtype(torch::kFloat64));
    torch::NoGradGuard no_grad;
    const torch::Tensor saved = target.clone();
    target.add_(direction, eps);
    const double plus = loss();
    target.copy_(saved).sub_(direction, eps);
    const double minus = loss();
    target.copy_(saved);
    const double numeric = (plus - minus) / (2 * eps);
    const double analytic = (grad * direction).sum().item<double>();
    EXPECT_NEAR(analytic, numeric, 1e-6 + 1e-5 * std::abs(numeric)) << name;
  };
  torch::Tensor x = input.clone();
  check(x, g.input, "input", [&] { return loss_at(x); });
  for (auto& item : model->named_parameters()) {
    if (!g.params.at(item.key()).defined()) continue;  // masked_spec_embed: unused in eval
    check(item.value(), g.params.at(item.key()), item.key(), [&] { return loss_at(input); });
  }
}

}  // namespace
}  // namespace emoforget::testing
