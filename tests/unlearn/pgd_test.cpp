#include "unlearn/pgd.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "common/error.h"
#include "model/sequence_classifier.h"
#include "support/mini_model.h"

namespace emoforget::unlearn {
namespace {

model::SequenceClassifier mini() {
  model::SequenceClassifier model(testing::mini_model_config({"a", "b", "c", "d"}));
  model->init_weights(1);
  return model;
}

torch::Tensor target_ce(model::SequenceClassifier& model, const torch::Tensor& x,
                        const torch::Tensor& targets) {
  torch::NoGradGuard no_grad;
  model->eval();
  return torch::nn::functional::cross_entropy(
      model->forward(x), targets,
      torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
}

TEST(Pgd, StaysWithinTauAndLowersTargetLoss) {
  auto model = mini();
  torch::manual_seed(0);
  const torch::Tensor x_e = torch::randn({4, 4000});
  const torch::Tensor targets = torch::tensor({1, 2, 3, 0}, torch::kInt64);
  PgdConfig config;
  config.p = 20;
  config.tau = 0.3;
  const torch::Tensor start = x_e + (torch::rand_like(x_e) * 2 - 1) * config.tau;
  model->eval();
  const torch::Tensor adv = targeted_pgd(model, x_e, start, targets, config);
  EXPECT_LE((adv - x_e).abs().max().item<double>(), config.tau + 1e-6);
  const torch::Tensor before = target_ce(model, start, targets);
  const torch::Tensor after = target_ce(model, adv, targets);
  EXPECT_LT(after.mean().item<double>(), before.mean().item<double>());
  EXPECT_TRUE(after.lt(before).all().item<bool>()) << before << after;
}

TEST(Pgd, AdversarialSetShapesTargetsAndParametersUntouched) {
  auto model = mini();
  torch::manual_seed(1);
  const torch::Tensor waves = torch::randn({3, 4000});
  const torch::Tensor labels = torch::tensor({0, 1, 2}, torch::kInt64);
  std::vector<torch::Tensor> before;
  for (const auto& p : model->parameters())
    before.push_back(p.detach().clone());
  PgdConfig config;
  config.m = 5;
  config.p = 3;
  config.batch = 4;  // not a divisor of M*N: the last batch is short
  Rng rng(2);
  const AdversarialSet set = generate_adversarial_set(model, waves, {}, labels, config, rng, {});
  ASSERT_EQ(set.waves.sizes(), (std::vector<int64_t>{15, 4000}));
  ASSERT_EQ(set.targets.numel(), 15);
  const torch::Tensor sources = labels.repeat_interleave(5);
  EXPECT_EQ(set.targets.eq(sources).sum().item<int64_t>(), 0) << "a target equals the true label";
  const torch::Tensor x_e = waves.repeat_interleave(5, 0);
  EXPECT_LE((set.waves - x_e).abs().max().item<double>(), config.tau + 1e-6);
  EXPECT_GE(set.success_rate, 0.0);
  EXPECT_LE(set.success_rate, 1.0);
  EXPECT_LT(set.final_target_ce, set.start_target_ce);
  const auto params = model->parameters();
  for (size_t i = 0; i < params.size(); ++i) {
    EXPECT_TRUE(torch::equal(params[i], before[i]));
    EXPECT_TRUE(params[i].requires_grad()) << "requires_grad is restored after the attack";
  }
}

// The start loss comes from the first step's forward: the summed target loss at the start.
// Skipping the outcome forward changes nothing but the outcome figures.
TEST(Pgd, StartLossIsTheFirstStepsAndTheOutcomeForwardIsOptional) {
  auto model = mini();
  torch::manual_seed(4);
  const torch::Tensor x_e = torch::randn({3, 4000});
  const torch::Tensor targets = torch::tensor({1, 2, 3}, torch::kInt64);
  PgdConfig config;
  config.p = 2;
  const torch::Tensor start = x_e + (torch::rand_like(x_e) * 2 - 1) * config.tau;
  model->eval();
  double start_loss = -1.0;
  targeted_pgd(model, x_e, start, targets, config, {}, &start_loss);
  EXPECT_NEAR(start_loss, target_ce(model, start, targets).sum().item<double>(),
              1e-5 * std::abs(start_loss));

  const torch::Tensor waves = torch::randn({2, 4000});
  const torch::Tensor labels = torch::tensor({0, 1}, torch::kInt64);
  config.m = 3;
  Rng rng_a(5), rng_b(5);
  const AdversarialSet measured =
      generate_adversarial_set(model, waves, {}, labels, config, rng_a, {});
  config.measure_outcome = false;
  const AdversarialSet bare = generate_adversarial_set(model, waves, {}, labels, config, rng_b, {});
  EXPECT_TRUE(torch::equal(measured.waves, bare.waves));
  EXPECT_TRUE(torch::equal(measured.targets, bare.targets));
  EXPECT_DOUBLE_EQ(measured.start_target_ce, bare.start_target_ce);
  EXPECT_GT(measured.final_target_ce, 0.0);
  EXPECT_EQ(bare.final_target_ce, 0.0);
  EXPECT_EQ(bare.success_rate, 0.0);
}

// A clip shorter than the batch's length is zero-padded; the attack perturbs only
// its own samples and leaves the padding exactly zero.
TEST(Pgd, LeavesZeroPaddingUntouched) {
  auto model = mini();
  torch::manual_seed(3);
  torch::Tensor waves = torch::randn({2, 4000});
  const torch::Tensor lengths = torch::tensor({2500, 4000}, torch::kInt64);
  waves[0].slice(0, 2500).zero_();
  const torch::Tensor labels = torch::tensor({0, 1}, torch::kInt64);
  PgdConfig config;
  config.m = 2;
  config.p = 3;
  Rng rng(4);
  const AdversarialSet set =
      generate_adversarial_set(model, waves, lengths, labels, config, rng, {});
  const torch::Tensor delta = set.waves - waves.repeat_interleave(2, 0);
  EXPECT_EQ(delta.slice(0, 0, 2).slice(1, 2500).abs().max().item<double>(), 0.0)
      << "the padding of the short clip was perturbed";
  EXPECT_GT(delta.slice(0, 0, 2).slice(1, 0, 2500).abs().max().item<double>(), 0.0);
  EXPECT_GT(delta.slice(0, 2, 4).slice(1, 2500).abs().max().item<double>(), 0.0)
      << "the full-length clip is perturbed to its end";
  EXPECT_LE(delta.abs().max().item<double>(), config.tau + 1e-6);
}

TEST(Pgd, ValidSampleMaskMarksEachClipsOwnSamples) {
  const torch::Tensor mask = valid_sample_mask(torch::tensor({1, 3}, torch::kInt64), 2, 3);
  EXPECT_TRUE(torch::equal(mask, torch::tensor({{1.f, 0.f, 0.f}, {1.f, 1.f, 1.f}})));
  EXPECT_TRUE(torch::equal(valid_sample_mask({}, 1, 2), torch::ones({1, 2})));
  EXPECT_THROW(valid_sample_mask(torch::tensor({1}, torch::kInt64), 2, 3), Error);
}

TEST(Pgd, DeterministicForASeed) {
  auto model = mini();
  const torch::Tensor waves = torch::randn({2, 4000});
  const torch::Tensor labels = torch::tensor({0, 3}, torch::kInt64);
  PgdConfig config;
  config.m = 2;
  config.p = 2;
  Rng a(5), b(5);
  const auto first = generate_adversarial_set(model, waves, {}, labels, config, a, {});
  const auto second = generate_adversarial_set(model, waves, {}, labels, config, b, {});
  EXPECT_TRUE(torch::equal(first.waves, second.waves));
  EXPECT_TRUE(torch::equal(first.targets, second.targets));
}

// Each batch draws its start from its own stream of the seed: two threads give the set one
// thread gives.
TEST(Pgd, TwoThreadsGiveTheOneThreadSet) {
  auto model = mini();
  torch::manual_seed(6);
  const torch::Tensor waves = torch::randn({3, 4000});
  const torch::Tensor labels = torch::tensor({2, 0, 1}, torch::kInt64);
  PgdConfig config;
  config.m = 3;
  config.p = 3;
  config.batch = 2;  // 5 batches, the last one short
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  Rng a(7);
  const auto serial = generate_adversarial_set(model, waves, {}, labels, config, a, {});
  at::set_num_threads(2);
  Rng b(7);
  const auto parallel = generate_adversarial_set(model, waves, {}, labels, config, b, {});
  at::set_num_threads(threads);
  EXPECT_TRUE(torch::equal(serial.targets, parallel.targets));
  EXPECT_TRUE(torch::equal(serial.waves, parallel.waves));
  EXPECT_EQ(serial.success_rate, parallel.success_rate);
  EXPECT_DOUBLE_EQ(serial.final_target_ce, parallel.final_target_ce);
  EXPECT_DOUBLE_EQ(serial.start_target_ce, parallel.start_target_ce);
}

TEST(Pgd, ConfigValidation) {
  PgdConfig config;
  EXPECT_NEAR(config.resolved_sigma(), 2.5 * 0.3 / 50, 1e-15);
  config.tau = 0;
  EXPECT_THROW(config.validate(), Error);
  config.tau = 0.3;
  config.m = 0;
  EXPECT_THROW(config.validate(), Error);
  config.m = 1;
  config.p = 0;
  EXPECT_THROW(config.validate(), Error);
  config.p = 1;
  config.batch = 0;
  EXPECT_THROW(config.validate(), Error);
}

}  // namespace
}  // namespace emoforget::unlearn
