// The step-wise methods' variants change the model the way their definitions say:
// distillation adds lambda_kl * KL(f* || f) on the adversarial samples; the saliency
// mask updates only the weights it keeps; SGD lets the EWC penalty shrink the step;
// the stopping rule ends training at the first check that meets it.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "support/mini_model.h"
#include "train/inference.h"
#include "train/step_loop.h"
#include "unlearn/method_fixture.h"
#include "unlearn/saliency_mask.h"
#include "unlearn/step_terms.h"
#include "unlearn/true_class_hinge.h"

namespace emoforget::unlearn {
namespace {

using namespace testing_methods;  // NOLINT: the fixture of these tests

double distance(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double sum = 0.0;
  for (size_t i = 0; i < a.size(); ++i)
    sum += (a[i] - b[i]).square().sum().item<double>();
  return std::sqrt(sum);
}

TEST(MethodVariant, DistillationAddsTheKlToTheOriginalOutputs) {
  Fixture f("adv");
  f.config.settings.variant.lambda_kl = 2.0;
  std::unique_ptr<Method> made = make_method("adv");
  StepwiseMethod* method = stepwise(made);
  method->prepare(f.context);
  UnlearnContext& c = f.context;
  torch::Tensor teacher;
  {
    torch::NoGradGuard no_grad;
    c.model->eval();
    teacher = torch::softmax(c.model->forward(c.adversarial->waves), 1);
  }
  const auto terms = [&](double kl) {
    torch::NoGradGuard no_grad;
    const double mis =
        cross_entropy(c.model->forward(c.forget.waves), c.wrong_labels).item<double>();
    const double adv = cross_entropy(c.model->forward(c.adversarial->waves), c.adversarial->targets)
                           .item<double>();
    return 0.3 * mis + 0.7 * adv + 2.0 * kl;
  };
  // At theta* the model is its own teacher: no KL.
  double step = objective(*method, c);
  EXPECT_NEAR(step, terms(0.0), 1e-4 * std::abs(step));
  {
    torch::NoGradGuard no_grad;
    for (auto& p : c.model->parameters())
      p.add_(0.05 * torch::randn_like(p));
  }
  torch::Tensor log_q;
  {
    torch::NoGradGuard no_grad;
    log_q = torch::log_softmax(c.model->forward(c.adversarial->waves), 1);
  }
  const double kl = (teacher * (teacher.log() - log_q)).sum(1).mean().item<double>();
  ASSERT_GT(kl, 1e-4);
  step = objective(*method, c);
  EXPECT_NEAR(step, terms(kl), 1e-4 * std::abs(step));
}

// Soft wrong labels: the forget term is weight * mean KL(q || f) with q the soft targets,
// in place of the cross-entropy to the hard wrong labels; training lowers it and moves the
// forget set's probability mass off its true classes.
TEST(MethodVariant, SoftWrongLabelsReplaceTheCrossEntropyByTheKlToTheTargets) {
  Fixture f("ranlab");
  UnlearnContext& c = f.context;
  torch::Tensor logits;
  {
    torch::NoGradGuard no_grad;
    c.model->eval();
    logits = c.model->forward(c.forget.waves);
  }
  c.wrong_targets = soft_wrong_targets(logits, c.forget.labels);
  c.wrong_labels = nearest_wrong_labels(logits, c.forget.labels);
  std::unique_ptr<Method> made = make_method("ranlab");
  StepwiseMethod* method = stepwise(made);
  method->prepare(c);
  const auto expected = [&] {
    torch::NoGradGuard no_grad;
    const torch::Tensor& q = c.wrong_targets;
    const torch::Tensor log_f = torch::log_softmax(c.model->forward(c.forget.waves), 1);
    return (q * (q.clamp_min(1e-12).log() - log_f)).sum(1).mean().item<double>();
  };
  const double before = objective(*method, c);
  EXPECT_NEAR(before, expected(), 1e-5 * std::abs(before));
  const double hard = [&] {
    torch::NoGradGuard no_grad;
    return cross_entropy(c.model->forward(c.forget.waves), c.wrong_labels).item<double>();
  }();
  EXPECT_GT(std::abs(before - hard), 1e-3) << "not the hard labels' cross-entropy";
  const auto true_mass = [&] {
    torch::NoGradGuard no_grad;
    const torch::Tensor p = torch::softmax(c.model->forward(c.forget.waves), 1);
    return p.gather(1, c.forget.labels.unsqueeze(1)).mean().item<double>();
  };
  const double mass_before = true_mass();
  f.config.settings.lr = 1e-2;
  method->run(c);
  EXPECT_LT(objective(*method, c), before - 1e-3);
  EXPECT_LT(true_mass(), mass_before) << "mass moves off the true classes";
}

// Lowering the true class: ranlab's forget term is the mean of max(0, z_y - max_{c != y} z_c
// + margin) over the forget set, with y the true labels, so the gradient on the classifier's
// bias is the share of rows above their bar whose true class it is, and 0 for every other
// class; Adam then lowers exactly those classes and moves no other class's bias.
TEST(MethodVariant, LowerTrainsTheTrueClassesDownAndNoClassUp) {
  Fixture f("ranlab");
  UnlearnContext& c = f.context;
  c.lower_true_class = true;
  std::unique_ptr<Method> made = make_method("ranlab");
  StepwiseMethod* method = stepwise(made);
  method->prepare(c);
  const auto rows = [&] {
    torch::NoGradGuard no_grad;
    return true_class_hinge(c.model->forward(c.forget.waves), c.forget.labels);
  };
  const double before = objective(*method, c);
  EXPECT_NEAR(before, rows().mean().item<double>(), 1e-6 + 1e-5 * std::abs(before));
  ASSERT_GT(before, 0.0);
  c.model->eval();
  c.model->zero_grad();
  method->begin_epoch(c);
  method->step_loss(c, 0).backward();
  const torch::Tensor active = rows().gt(0).to(torch::kFloat32);
  const torch::Tensor expected =
      torch::zeros({3}).index_add_(0, c.forget.labels, active) / static_cast<double>(kForget);
  const torch::Tensor bias_grad = c.model->classifier->bias.grad().clone();
  EXPECT_TRUE(torch::allclose(bias_grad, expected, 1e-5, 1e-7)) << bias_grad << expected;
  // The fixture's forget set holds each class once; only the classes above the bar move.
  const torch::Tensor bias_before = c.model->classifier->bias.detach().clone();
  f.config.settings.lr = 1e-2;
  method->run(c);
  EXPECT_LT(objective(*method, c), before);
  const torch::Tensor moved = c.model->classifier->bias.detach() - bias_before;
  EXPECT_LE(moved.max().item<double>(), 0.0) << "no class's bias rises: " << moved;
  EXPECT_LT(moved.min().item<double>(), 0.0) << "a true class's bias falls: " << moved;
}

// A step whose every term has weight 0 and no teacher is a zero loss that still reaches the
// model, as the cross-entropy times 0 was.
TEST(MethodVariant, AStepOfZeroWeightTermsIsAZeroThatReachesTheModel) {
  Fixture f("ranlab");
  UnlearnContext& c = f.context;
  const torch::Tensor rows = torch::arange(c.forget.size());
  const torch::Tensor loss = mean_terms_loss(c, {{&c.forget.waves, &c.wrong_labels, rows, 0.0}});
  ASSERT_TRUE(loss.defined());
  EXPECT_EQ(loss.item<double>(), 0.0);
  EXPECT_TRUE(loss.requires_grad());
}

TEST(MethodVariant, TheSaliencyMaskUpdatesOnlyTheWeightsItKeeps) {
  Fixture f("ranlab");
  f.config.settings.variant.saliency = 0.2;
  f.config.settings.epochs = 2;
  const std::vector<torch::Tensor> before = copy_of_parameters(f.context.model);
  const std::vector<torch::Tensor> trainable = trainable_parameters(f.context.model);
  const SaliencyMask mask = saliency_mask(f.context.model, trainable, f.context.forget.waves,
                                          f.context.forget.labels, 0.2, 16, {});
  const double share = static_cast<double>(mask.kept) / static_cast<double>(mask.weights);
  EXPECT_GE(share, 0.2);
  EXPECT_LT(share, 0.25);
  make_method("ranlab")->run(f.context);
  ASSERT_TRUE(f.context.report.saliency.has_value());
  EXPECT_EQ((*f.context.report.saliency)["weights_updated"].get<int64_t>(), mask.kept);

  // Trainable parameters are the model's parameters in order (all require grad here).
  const std::vector<torch::Tensor> after = copy_of_parameters(f.context.model);
  ASSERT_EQ(after.size(), mask.masks.size());
  int64_t frozen_moved = 0;
  int64_t kept_moved = 0;
  for (size_t k = 0; k < after.size(); ++k) {
    const torch::Tensor moved = after[k].ne(before[k]);
    frozen_moved += (moved & mask.masks[k].eq(0)).sum().item<int64_t>();
    kept_moved += (moved & mask.masks[k].eq(1)).sum().item<int64_t>();
  }
  EXPECT_EQ(frozen_moved, 0) << "a weight outside the mask changed";
  EXPECT_GT(kept_moved, mask.kept / 2) << "the kept weights were trained";
}

TEST(MethodVariant, WithSgdTheEwcPenaltyShrinksTheUpdate) {
  constexpr double kLr = 1e-3;
  // The Fisher's largest value sets how strong a penalty SGD can take stably.
  double fisher_max = 0.0;
  {
    Fixture f("adv-ewc");
    std::unique_ptr<Method> made = make_method("adv-ewc");
    stepwise(made)->prepare(f.context);
    for (const auto& v : f.context.fisher->values)
      fisher_max = std::max(fisher_max, v.max().item<double>());
  }
  ASSERT_GT(fisher_max, 0.0);
  // The anchored drift sum F (theta - theta*)^2 after SGD training with lambda3.
  const auto drift = [&](double lambda_ewc) {
    Fixture f("adv-ewc");
    f.config.settings.variant.optimizer = "sgd";
    f.config.settings.variant.momentum = 0.0;
    f.config.settings.lambda_ewc = lambda_ewc;
    f.config.settings.lr = kLr;
    f.config.settings.epochs = 6;
    make_method("adv-ewc")->run(f.context);
    return ewc_penalty(f.context.model, *f.context.fisher).item<double>();
  };
  const double free = drift(0.0);
  const double held = drift(0.4 / (kLr * fisher_max));  // lr * 2 lambda F_max = 0.8 < 2
  ASSERT_GT(free, 0.0);
  EXPECT_LT(held, 0.5 * free) << "SGD: the penalty's gradient pulls the anchored weights back";
}

TEST(MethodVariant, SgdStepsAreMinusLearningRateTimesTheGradient) {
  torch::Tensor p = torch::tensor({1.0, -2.0}, torch::requires_grad());
  torch::optim::SGD sgd({p}, torch::optim::SGDOptions(0.1));
  train::StepLoopOptions options;
  options.label = "sgd";
  options.what = "test";
  train::run_epoch_steps(
      sgd, {p}, 1,
      [&](int64_t) {
        return train::StepLoss{p.square().sum(), 1};
      },
      options);
  // d(sum p^2)/dp = 2p: p - 0.1 * 2p = 0.8p.
  EXPECT_TRUE(torch::allclose(p.detach(), torch::tensor({0.8, -1.6})));
}

TEST(MethodVariant, TheLearningRateScaleScalesAdamsFirstStep) {
  // Adam's first step moves a weight by lr * g / (|g| + eps): about lr for every weight
  // with a gradient, so the largest move is lr_scale times the unscaled one.
  const auto largest_move = [](double scale) {
    Fixture f("ranlab");
    f.config.settings.epochs = 1;
    f.config.settings.variant.lr_scale = scale;
    const std::vector<torch::Tensor> before = copy_of_parameters(f.context.model);
    make_method("ranlab")->run(f.context);
    const std::vector<torch::Tensor> after = copy_of_parameters(f.context.model);
    double largest = 0.0;
    for (size_t i = 0; i < before.size(); ++i)
      largest = std::max(largest, (after[i] - before[i]).abs().max().item<double>());
    return largest;
  };
  const double full = largest_move(1.0);
  EXPECT_NEAR(full, 1e-3, 1e-5);
  EXPECT_NEAR(largest_move(0.25), 0.25 * full, 1e-6);
}

TEST(MethodVariant, TheStoppingRuleEndsAtTheFirstCheckThatMeetsIt) {
  // Every model meets "forget UAR <= 1", so the first check ends the run: after step 1 by
  // default, mid-epoch at step 2 when every 2 steps, at the epoch's end (3 steps) with 0.
  for (const auto& [every, first_check] :
       std::vector<std::pair<std::optional<int>, int64_t>>{{std::nullopt, 1}, {2, 2}, {0, 3}}) {
    SCOPED_TRACE(every ? std::to_string(*every) : "default");
    Fixture f("ranlab");
    f.config.run.batch = 1;  // 3 steps per epoch
    f.config.settings.variant.until = "1";
    f.config.settings.variant.until_every = every;
    make_method("ranlab")->run(f.context);
    ASSERT_EQ(f.context.report.epochs.size(), 1u);
    EXPECT_EQ(f.context.report.epochs[0].steps, first_check);
    EXPECT_EQ(f.context.report.steps, first_check);
    ASSERT_TRUE(f.context.report.stopping.has_value());
    EXPECT_EQ((*f.context.report.stopping)["stopped_at_epoch"], 1);
    EXPECT_EQ((*f.context.report.stopping)["stopped_at_step"], first_check);
  }
  // heldout and heldout-confidence: the target is the original model's measure on the
  // split (UAR; mean true-label probability), scored before step 1; each check compares the
  // forget set's own against it, and only the last may meet it.
  for (const std::string rule : {"heldout", "heldout-confidence"}) {
    SCOPED_TRACE(rule);
    Fixture f("ranlab");
    const bool confidence = rule == "heldout-confidence";
    const auto measure = [&](const train::LabeledAudio& set) {
      if (!confidence) return train::evaluate(f.context.model, set, 16, {}).uar;
      const torch::Tensor p =
          torch::softmax(train::predict_logits(f.context.model, set, 16, {}), 1);
      return p.gather(1, set.labels.view({-1, 1})).mean().item<double>();
    };
    const train::LabeledAudio held_out = random_set(8, 5);
    const double original = measure(held_out);
    f.config.settings.variant.until = rule;
    f.context.held_out = &held_out;
    f.context.held_out_split = "other";
    make_method("ranlab")->run(f.context);
    const nlohmann::json& stop = *f.context.report.stopping;
    EXPECT_EQ(stop["split"], "other");
    EXPECT_EQ(stop["measure"], confidence ? "confidence" : "uar");
    EXPECT_NEAR(stop["target"].get<double>(), original, 1e-6);
    const std::string field = confidence ? "forget_confidence" : "forget_uar";
    ASSERT_FALSE(stop["checks"].empty());
    for (const nlohmann::json& check : stop["checks"]) {
      const bool met = check[field].get<double>() <= original;
      EXPECT_EQ(met, check == stop["checks"].back() && !stop["stopped_at_step"].is_null());
    }
    // Checked after every step, the last check scored the model the method left.
    EXPECT_NEAR(stop["checks"].back()[field].get<double>(), measure(f.context.forget), 1e-5);
  }
  {  // heldout on the forget set itself, with the model left as it is: met at once
    Fixture f("ranlab");
    f.config.settings.variant.until = "heldout";
    f.config.settings.lr = 1e-12;
    f.context.held_out = &f.context.forget;
    f.context.held_out_split = "forget";
    make_method("ranlab")->run(f.context);
    EXPECT_EQ(f.context.report.epochs.size(), 1u);
    const nlohmann::json& stop = *f.context.report.stopping;
    EXPECT_DOUBLE_EQ(stop["checks"][0]["forget_uar"].get<double>(), stop["target"].get<double>());
  }
  {  // a rule never met runs every epoch and says so
    Fixture f("ranlab");
    const double start = train::evaluate(f.context.model, f.context.forget, 16, {}).uar;
    ASSERT_GT(start, 0.0);
    f.config.run.batch = 1;
    f.config.settings.variant.until = "zero";
    f.config.settings.variant.until_every = 2;
    f.config.settings.lr = 1e-12;  // the model stays as it is
    make_method("ranlab")->run(f.context);
    EXPECT_EQ(f.context.report.epochs.size(), 3u);
    EXPECT_EQ(f.context.report.steps, 9);
    const nlohmann::json& stop = *f.context.report.stopping;
    EXPECT_TRUE(stop["stopped_at_epoch"].is_null());
    ASSERT_EQ(stop["checks"].size(), 4u);  // after steps 2, 4, 6, 8 of 9
    EXPECT_EQ(stop["checks"][1]["step"], 4);
    EXPECT_EQ(stop["checks"][1]["epoch"], 2);
  }
  {  // heldout with nothing to score is refused
    Fixture f("ranlab");
    f.config.settings.variant.until = "heldout";
    EXPECT_THROW(make_method("ranlab")->run(f.context), Error);
  }
}

TEST(MethodVariant, EveryVariantChangesTheWeightsAndLowersItsObjective) {
  std::vector<VariantChoice> variants(5);
  variants[0].importance = "mas";
  variants[1].anchor = "complement";
  variants[2].optimizer = "sgd";
  variants[3].lambda_kl = 1.0;
  variants[4].saliency = 0.5;
  for (size_t i = 0; i < variants.size(); ++i) {
    SCOPED_TRACE(variants[i].to_json().dump());
    Fixture f("adv-ewc");
    f.config.settings.variant = variants[i];
    f.config.settings.lambda_ewc = 1e-3;
    f.config.settings.epochs = 5;
    if (variants[i].optimizer) f.config.settings.lr = 0.05;
    std::unique_ptr<Method> made = make_method("adv-ewc");
    StepwiseMethod* method = stepwise(made);
    const std::vector<torch::Tensor> before = copy_of_parameters(f.context.model);
    method->run(f.context);
    const std::vector<torch::Tensor> after = copy_of_parameters(f.context.model);
    EXPECT_GT(distance(after, before), 1e-4);
    const double objective_after = objective(*method, f.context);
    set_parameters(f.context.model, before);
    const double objective_before = objective(*method, f.context);
    EXPECT_LT(objective_after, objective_before - 1e-3);
  }
}

}  // namespace
}  // namespace emoforget::unlearn
