// Parity of SequenceClassifier with the Python reference (tools/make_model_fixtures.py):
// logits, Hugging Face hidden states, the cross-entropy loss and the gradients with respect
// to the input and to every parameter, for each classifier fixture.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "model/checkpoint.h"
#include "model/parity_support.h"

namespace emoforget::testing {
namespace {

constexpr double kLogitTolerance = 1e-4;     // max |Δ|, fp32
constexpr double kRelativeTolerance = 1e-4;  // max |Δ| / max |reference|

class ClassifierParity : public ::testing::TestWithParam<std::string> {};

TEST_P(ClassifierParity, LogitsAndHiddenStatesMatchReference) {
  const std::string name = GetParam();
  const auto expected = read_expected(name);
  model::LoadReport report;
  auto classifier = model::load_model(model_fixture(name), {}, &report);
  classifier->eval();
  EXPECT_EQ(report.weights_file, weights_file(name).string());
  EXPECT_TRUE(report.ignored.empty()) << report.ignored.front();
  EXPECT_TRUE(report.initialised.empty()) << report.initialised.front();
  EXPECT_EQ(classifier->config().id2label, fixture_labels());

  torch::NoGradGuard no_grad;
  const auto& input = expected.at("input_values");
  const auto out = classifier->forward_full(input, /*output_hidden_states=*/true);
  ASSERT_EQ(out.logits.sizes(), expected.at("logits").sizes());
  const double logit_diff = max_abs_diff(out.logits, expected.at("logits"));
  EXPECT_LE(logit_diff, kLogitTolerance) << name << ": logits max |Δ| = " << logit_diff;

  const size_t count = hidden_state_count(expected);
  double worst_hidden = 0.0;
  ASSERT_EQ(count, static_cast<size_t>(classifier->config().num_hidden_layers + 1));
  ASSERT_EQ(out.hidden_states.size(), count);
  for (size_t i = 0; i < count; ++i) {
    const auto& reference = expected.at("hidden_state_" + std::to_string(i));
    ASSERT_EQ(out.hidden_states[i].sizes(), reference.sizes()) << "hidden state " << i;
    const double diff = max_rel_diff(out.hidden_states[i], reference);
    EXPECT_LE(diff, kRelativeTolerance)
        << name << ": hidden state " << i << " max relative |Δ| = " << diff;
    worst_hidden = std::max(worst_hidden, diff);
  }

  std::cerr << name << ": logits |Δ| " << logit_diff << ", hidden states relative |Δ| "
            << worst_hidden << "\n";
  // the plain forward is the same computation
  const double plain_diff = max_abs_diff(classifier->forward(input), out.logits);
  EXPECT_LE(plain_diff, 1e-6) << name << ": forward vs forward_full logits |Δ| = " << plain_diff;
}

TEST_P(ClassifierParity, LossAndGradientsMatchReference) {
  const std::string name = GetParam();
  const auto expected = read_expected(name);
  auto classifier = model::load_model(model_fixture(name));
  classifier->eval();  // the reference gradients are taken without dropout

  auto input = expected.at("input_values").clone().requires_grad_(true);
  const auto logits = classifier->forward(input);
  const auto loss = torch::nn::functional::cross_entropy(logits, expected.at("targets"));
  loss.backward();

  const double loss_diff = max_abs_diff(loss.reshape({1}), expected.at("loss"));
  EXPECT_LE(loss_diff, kLogitTolerance) << name << ": loss |Δ| = " << loss_diff;
  const double input_diff = max_rel_diff(input.grad(), expected.at("grad_input"));
  EXPECT_LE(input_diff, kRelativeTolerance)
      << name << ": grad_input max relative |Δ| = " << input_diff;

  const auto reference = expected_gradients(expected);
  const double floor = gradient_floor(reference);
  std::set<std::string> compared;
  double worst = 0.0;
  std::string worst_name;
  for (const auto& param : classifier->named_parameters()) {
    const auto it = reference.find(param.key());
    if (it == reference.end()) {
      // only parameters the eval-mode forward does not use may lack a reference gradient
      EXPECT_NE(param.key().find("masked_spec_embed"), std::string::npos)
          << name << ": no reference gradient for " << param.key();
      const auto& grad = param.value().grad();
      EXPECT_TRUE(!grad.defined() || max_abs(grad) == 0.0)
          << name << ": unused parameter " << param.key() << " has a gradient";
      continue;
    }
    compared.insert(param.key());
    const auto& grad = param.value().grad();
    ASSERT_TRUE(grad.defined()) << name << ": no gradient for " << param.key();
    ASSERT_EQ(grad.sizes(), it->second.sizes()) << param.key();
    const double diff = max_rel_diff(grad, it->second, floor);
    EXPECT_LE(diff, kRelativeTolerance)
        << name << ": gradient of " << param.key() << " max relative |Δ| = " << diff;
    if (diff > worst) {
      worst = diff;
      worst_name = param.key();
    }
  }
  for (const auto& [key, value] : reference) {
    EXPECT_EQ(compared.count(key), 1u) << name << ": model has no parameter " << key;
  }
  std::cerr << name << ": loss |Δ| " << loss_diff << ", grad_input relative |Δ| " << input_diff
            << ", worst parameter gradient " << worst_name << " relative |Δ| " << worst << "\n";
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ClassifierParity, ::testing::ValuesIn(classifier_cases()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace emoforget::testing
