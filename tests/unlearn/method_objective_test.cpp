// Every unlearning method behind the one seam: the paper's step loss is exactly
// l1 L_mis + l2 L_adv + l3 L_ewc on a fixed batch, and every step-wise method
// changes the weights and lowers its own objective on the forget set.
#include <gtest/gtest.h>

#include "support/mini_model.h"
#include "unlearn/method.h"
#include "unlearn/method_support.h"
#include "unlearn/relabel.h"

namespace emoforget::unlearn {
namespace {

constexpr int64_t kForget = 3;
constexpr int64_t kSamples = 4000;  // 0.25 s at 16 kHz

std::vector<std::string> labels() {
  return {"anger", "fear", "joy"};
}

train::LabeledAudio random_set(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  train::LabeledAudio set;
  set.waves = torch::randn({n, kSamples});
  set.labels = torch::arange(n) % 3;
  set.lengths = torch::full({n}, kSamples, torch::kInt64);
  return set;
}

// A context on a fixed mini model, forget set, wrong labels and remain set; every
// set fits one batch, so a step covers all of it whatever the batch order.
struct Fixture {
  UnlearnConfig config;
  Rng rng{11};
  UnlearnContext context;

  explicit Fixture(const std::string& method) {
    config.method = method;
    config.settings.pgd.m = 2;
    config.settings.pgd.p = 2;
    config.settings.pgd.tau = 0.3;
    config.settings.lambda_mis = 0.3;
    config.settings.lambda_adv = 0.7;
    config.settings.lambda_ewc = 5.0;
    config.settings.fisher_norm = "mean";
    config.settings.epochs = 3;
    config.settings.lr = 1e-3;
    config.run.batch = 16;
    context.config = &config;
    context.rng = &rng;
    context.model = model::SequenceClassifier(testing::mini_model_config(labels()));
    context.model->init_weights(5);
    context.forget = random_set(kForget, 1);
    context.wrong_labels = random_wrong_labels(context.forget.labels, 3, rng);
    context.remain = random_set(6, 2);
  }
};

std::vector<torch::Tensor> copy_of_parameters(model::SequenceClassifier& model) {
  std::vector<torch::Tensor> copies;
  for (const auto& p : model->parameters())
    copies.push_back(p.detach().clone());
  return copies;
}

void set_parameters(model::SequenceClassifier& model, const std::vector<torch::Tensor>& values) {
  torch::NoGradGuard no_grad;
  auto params = model->parameters();
  for (size_t i = 0; i < params.size(); ++i)
    params[i].copy_(values[i]);
}

// The method's own objective: its loss on the one step of an epoch, without dropout.
double objective(StepwiseMethod& method, UnlearnContext& context) {
  torch::NoGradGuard no_grad;
  context.model->eval();
  method.begin_epoch(context);
  EXPECT_EQ(method.steps_per_epoch(context), 1);
  return method.step_loss(context, 0).item<double>();
}

TEST(MethodObjective, StepLossIsTheWeightedSumOfTheThreeTerms) {
  Fixture f(default_method_name());
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
  for (const MethodInfo& info : method_infos()) {
    Fixture f(info.name);
    // Adam moves every weight by about lr a step, so the EWC penalty grows with the
    // square of the distance travelled: a small lambda3 keeps it below the gain.
    f.config.settings.lambda_ewc = 1e-3;
    f.config.settings.epochs = 5;
    std::unique_ptr<Method> made = make_method(info.name);
    auto* method = dynamic_cast<StepwiseMethod*>(made.get());
    if (method == nullptr) {
      EXPECT_TRUE(info.needs_init) << info.name << " is not step-wise";
      continue;  // retrain: a whole fine-tuning, checked in unlearn_test.cpp
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
  EXPECT_EQ(checked, static_cast<int>(method_infos().size()) - 1);
}

}  // namespace
}  // namespace emoforget::unlearn
