// Distillation on a held-out split (--lambda-heldout W) adds W * mean KL(f* || f) over a
// batch of the split's clips to every step, holds the model's outputs there closer to the
// original's than the same run without it, draws its batches from a stream of its own and
// refuses to run without the split.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "unlearn/method_fixture.h"

namespace emoforget::unlearn {
namespace {

using namespace testing_methods;  // NOLINT: the fixture of these tests

constexpr double kWeight = 3.0;

// A fixture whose held-out split (5 clips, one batch) the method may read.
struct HeldOutFixture : Fixture {
  train::LabeledAudio held_out = random_set(5, 3);

  HeldOutFixture(const std::string& method, double weight) : Fixture(method) {
    config.settings.variant.lambda_heldout = weight;
    context.held_out = &held_out;
    context.held_out_split = "val";
  }

  torch::Tensor held_out_probabilities() {
    torch::NoGradGuard no_grad;
    context.model->eval();
    return torch::softmax(context.model->forward(held_out.waves), 1);
  }

  // mean KL(teacher || f) over the held-out clips.
  double held_out_kl(const torch::Tensor& teacher) {
    torch::NoGradGuard no_grad;
    context.model->eval();
    const torch::Tensor log_q = torch::log_softmax(context.model->forward(held_out.waves), 1);
    return (teacher * (teacher.log() - log_q)).sum(1).mean().item<double>();
  }

  void perturb() {
    torch::NoGradGuard no_grad;
    torch::manual_seed(9);
    for (auto& p : context.model->parameters())
      p.add_(0.05 * torch::randn_like(p));
  }
};

TEST(HeldOutDistillation, AddsTheWeightedKlToTheOriginalOnTheSplit) {
  for (const std::string name : {"ranlab", "adv-ewc"}) {
    HeldOutFixture with(name, kWeight);
    HeldOutFixture without(name, 0.0);
    std::unique_ptr<Method> made_with = make_method(name);
    std::unique_ptr<Method> made_without = make_method(name);
    const torch::Tensor teacher = with.held_out_probabilities();
    stepwise(made_with)->prepare(with.context);
    stepwise(made_without)->prepare(without.context);
    // At theta* the model is its own teacher: the term is zero.
    const double same = objective(*stepwise(made_with), with.context);
    EXPECT_NEAR(same, objective(*stepwise(made_without), without.context), 1e-5 * std::abs(same))
        << name;
    with.perturb();
    without.perturb();
    const double kl = with.held_out_kl(teacher);
    ASSERT_GT(kl, 1e-4) << name;
    const double a = objective(*stepwise(made_with), with.context);
    const double b = objective(*stepwise(made_without), without.context);
    EXPECT_NEAR(a - b, kWeight * kl, 1e-4 * std::abs(a)) << name;
  }
}

TEST(HeldOutDistillation, TrainingHoldsTheOutputsOnTheSplitCloser) {
  const auto drift = [](double weight) {
    HeldOutFixture f("ranlab", weight);
    f.config.settings.lr = 1e-2;
    f.config.settings.epochs = 6;
    const torch::Tensor teacher = f.held_out_probabilities();
    make_method("ranlab")->run(f.context);
    return f.held_out_kl(teacher);
  };
  const double held = drift(kWeight);
  const double free = drift(0.0);
  EXPECT_GT(free, 1e-3) << "the forget set alone moves the held-out outputs";
  EXPECT_LT(held, 0.5 * free);
}

TEST(HeldOutDistillation, LeavesTheRunsOtherDrawsAsTheyAre) {
  HeldOutFixture with("adv", kWeight);
  HeldOutFixture without("adv", 0.0);
  std::unique_ptr<Method> a = make_method("adv");
  std::unique_ptr<Method> b = make_method("adv");
  stepwise(a)->prepare(with.context);
  stepwise(a)->begin_epoch(with.context);
  stepwise(b)->prepare(without.context);
  stepwise(b)->begin_epoch(without.context);
  EXPECT_EQ(with.rng.next_u64(), without.rng.next_u64());
}

TEST(HeldOutDistillation, NeedsTheHeldOutSplit) {
  HeldOutFixture f("ranlab", kWeight);
  f.context.held_out = nullptr;
  std::unique_ptr<Method> made = make_method("ranlab");
  try {
    stepwise(made)->prepare(f.context);
    FAIL() << "prepared without a held-out split";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--lambda-heldout"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'val'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace emoforget::unlearn
