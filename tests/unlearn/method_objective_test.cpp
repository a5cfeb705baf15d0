// Every unlearning method behind the one seam: the paper's step loss is exactly
// l1 L_mis + l2 L_adv + l3 L_ewc on a fixed batch, and every step-wise method
// changes the weights and lowers its own objective on the forget set.
#include <gtest/gtest.h>

#include "support/mini_model.h"
#include "unlearn/method_fixture.h"

namespace emoforget::unlearn {
namespace {

using namespace testing_methods;  // NOLINT: the fixture of these tests

TEST(MethodObjective, StepLossIsTheWeightedSumOfTheThreeTerms) {
  Fixture f("adv-ewc");  // the paper's objective, no variant
  ASSERT_TRUE(method_info(f.config.method).needs_fisher);
  std::unique_ptr<Method> made = make_method(f.config.method);
  auto* method = dynamic_cast<StepwiseMethod*>(made.get());
  ASSERT_NE(method, nullptr);
  method->prepare(f.context);
  ASSERT_TRUE(f.context.adversarial && f.context.fisher);
  ASSERT_EQ(f.context.adversarial->waves.size(0), kForget * 2);
  {  // move away from theta* so the EWC term counts
    torch::NoGradGuard no_grad;
    for (auto& p : f.context.model->parameters())
      p.add_(0.05 * torch::randn_like(p));
  }
  const double step = objective(*method, f.context);

  torch::NoGradGuard no_grad;
  UnlearnContext& c = f.context;
  const double loss_mis =
      cross_entropy(c.model->forward(c.forget.waves), c.wrong_labels).item<double>();
  const double loss_adv =
      cross_entropy(c.model->forward(c.adversarial->waves), c.adversarial->targets).item<double>();
  const double loss_ewc = ewc_penalty(c.model, *c.fisher).item<double>();
  ASSERT_GT(loss_ewc, 0.0);
  const double expected = 0.3 * loss_mis + 0.7 * loss_adv + 5.0 * loss_ewc;
  EXPECT_NEAR(step, expected, 1e-4 * std::abs(expected))
      << "L_mis " << loss_mis << " L_adv " << loss_adv << " L_ewc " << loss_ewc;
  // Each weight matters: dropping a term changes the loss by that term.
  EXPECT_GT(5.0 * loss_ewc, 1e-3 * std::abs(expected));
}

TEST(MethodObjective, EveryStepwiseMethodChangesTheWeightsAndLowersItsObjective) {
  int checked = 0;
  int others = 0;
  for (const MethodInfo& info : method_infos()) {
    Fixture f(info.name);
    // Adam moves every weight by about lr a step, so the EWC penalty grows with the
    // square of the distance travelled: a small lambda3 keeps it below the gain.
    f.config.settings.lambda_ewc = 1e-3;
    f.config.settings.epochs = 5;
    f.config.settings.variant.until = "none";  // every epoch, whatever the method's rule
    std::unique_ptr<Method> made = make_method(info.name);
    auto* method = dynamic_cast<StepwiseMethod*>(made.get());
    if (method == nullptr) {
      EXPECT_TRUE(info.needs_init || info.forgets_attribute) << info.name << " is not step-wise";
      ++others;
      continue;  // retrain and attribute removal: checked in unlearn_test.cpp and
                 // attribute_removal_test.cpp
    }
    const std::vector<torch::Tensor> before = copy_of_parameters(f.context.model);
    method->run(f.context);
    EXPECT_EQ(f.context.report.epochs.size(), 5u) << info.name;
    EXPECT_EQ(info.runs_pgd, f.context.report.adversarial.has_value()) << info.name;
    EXPECT_EQ(info.needs_fisher, f.context.report.fisher.has_value()) << info.name;

    const std::vector<torch::Tensor> after = copy_of_parameters(f.context.model);
    double change = 0.0;
    for (size_t i = 0; i < before.size(); ++i)
      change += (after[i] - before[i]).abs().sum().item<double>();
    EXPECT_GT(change, 1e-4) << info.name << " left the weights as they were";

    const double objective_after = objective(*method, f.context);
    set_parameters(f.context.model, before);
    const double objective_before = objective(*method, f.context);
    EXPECT_LT(objective_after, objective_before - 1e-3)
        << info.name << ": objective " << objective_before << " -> " << objective_after;
    ++checked;
  }
  EXPECT_EQ(others, 2);
  EXPECT_EQ(checked, static_cast<int>(method_infos().size()) - others);
}

}  // namespace
}  // namespace emoforget::unlearn
