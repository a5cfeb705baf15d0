#include "metrics/membership_inference.h"

#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "common/error.h"
#include "common/rng.h"

namespace emoforget::metrics {
namespace {

// The definition, pair by pair: P(pos > neg) + 0.5 P(pos == neg).
double brute_force_auc(const std::vector<double>& pos, const std::vector<double>& neg) {
  double wins = 0;
  for (double p : pos)
    for (double n : neg)
      wins += p > n ? 1.0 : (p == n ? 0.5 : 0.0);
  return wins / (pos.size() * neg.size());
}

// (n, 2) Gaussian features centred at (centre, centre), unit variance.
torch::Tensor gaussian_features(int64_t n, double centre, Rng& rng) {
  torch::Tensor x = torch::empty({n, 2});
  auto a = x.accessor<float, 2>();
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < 2; ++j)
      a[i][j] = static_cast<float>(centre + rng.normal());
  return x;
}

TEST(RocAuc, PerfectSeparationIsOne) {
  EXPECT_DOUBLE_EQ(roc_auc({3, 4, 5}, {0, 1, 2}), 1.0);
}

TEST(RocAuc, ReversedIsZero) {
  EXPECT_DOUBLE_EQ(roc_auc({0, 1, 2}, {3, 4, 5}), 0.0);
}

TEST(RocAuc, AllTiedIsHalf) {
  EXPECT_DOUBLE_EQ(roc_auc({1, 1, 1}, {1, 1}), 0.5);
}

TEST(RocAuc, MixedCaseByHand) {
  // Pairs (pos, neg): (.9,.5) win, (.9,.2) win, (.5,.5) tie, (.5,.2) win, (.3,.5) loss,
  // (.3,.2) win -> (4 + 0.5) / 6 = 0.75.
  EXPECT_DOUBLE_EQ(roc_auc({0.9, 0.5, 0.3}, {0.5, 0.2}), 0.75);
}

TEST(RocAuc, MatchesPairwiseDefinitionWithManyTies) {
  Rng rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> pos(1 + rng.below(40)), neg(1 + rng.below(40));
    for (double& v : pos)
      v = static_cast<double>(rng.below(6));  // few distinct values: many ties
    for (double& v : neg)
      v = static_cast<double>(rng.below(6)) - 0.5 * static_cast<double>(rng.below(2));
    EXPECT_NEAR(roc_auc(pos, neg), brute_force_auc(pos, neg), 1e-12);
  }
}

TEST(RocAuc, RejectsEmptyAndNaN) {
  EXPECT_THROW(roc_auc({}, {1.0}), Error);
  EXPECT_THROW(roc_auc({1.0}, {}), Error);
  EXPECT_THROW(roc_auc({std::nan("")}, {1.0}), Error);
}

TEST(LossThresholdAuc, LowerMemberLossMeansHighAuc) {
  EXPECT_DOUBLE_EQ(loss_threshold_auc({0.1, 0.2}, {1.0, 2.0}), 1.0);
  EXPECT_DOUBLE_EQ(loss_threshold_auc({1.0, 2.0}, {0.1, 0.2}), 0.0);
}

TEST(LossThresholdAuc, SameDistributionIsNearChance) {
  // Under H0 the AUC has standard deviation sqrt((n1 + n2 + 1) / (12 n1 n2)) = 0.0091 for
  // n1 = n2 = 2000; 0.04 is more than four standard deviations.
  Rng rng(2024);
  std::vector<double> members(2000), nonmembers(2000);
  for (double& v : members)
    v = std::exp(rng.normal());
  for (double& v : nonmembers)
    v = std::exp(rng.normal());
  EXPECT_NEAR(loss_threshold_auc(members, nonmembers), 0.5, 0.04);
}

TEST(AttackFeatures, MatchSoftmaxByHand) {
  const torch::Tensor logits = torch::tensor({{0.0f, 0.0f}, {std::log(3.0f), 0.0f}});
  const torch::Tensor labels = torch::tensor({int64_t{0}, int64_t{1}});
  const torch::Tensor f = attack_features(logits, labels);
  ASSERT_EQ(f.sizes(), (std::vector<int64_t>{2, 4}));
  ASSERT_EQ(attack_feature_names().size(), 4u);
  // Row 0: p = (1/2, 1/2). Row 1: p = (3/4, 1/4), true class 1.
  EXPECT_NEAR(f[0][0].item<float>(), 0.5, 1e-6);
  EXPECT_NEAR(f[0][1].item<float>(), 0.5, 1e-6);
  EXPECT_NEAR(f[0][2].item<float>(), std::log(2.0), 1e-6);
  EXPECT_NEAR(f[0][3].item<float>(), std::log(2.0), 1e-6);
  EXPECT_NEAR(f[1][0].item<float>(), 0.75, 1e-6);
  EXPECT_NEAR(f[1][1].item<float>(), 0.25, 1e-6);
  EXPECT_NEAR(f[1][2].item<float>(), -(0.75 * std::log(0.75) + 0.25 * std::log(0.25)), 1e-6);
  EXPECT_NEAR(f[1][3].item<float>(), std::log(4.0), 1e-6);
  const std::vector<double> loss = per_utterance_loss(logits, labels);
  EXPECT_NEAR(loss[0], std::log(2.0), 1e-6);  // float32 logits
  EXPECT_NEAR(loss[1], std::log(4.0), 1e-6);
  EXPECT_THROW(attack_features(logits, torch::tensor({int64_t{0}, int64_t{2}})), Error);
}

TEST(BalancedSubsample, EqualSidesDistinctAndSeeded) {
  Rng a(5), b(5);
  const auto [members, nonmembers] = balanced_subsample(50, 7, a);
  EXPECT_EQ(members.size(), 7u);
  EXPECT_EQ(nonmembers.size(), 7u);
  EXPECT_TRUE(std::is_sorted(members.begin(), members.end()));
  EXPECT_EQ(std::adjacent_find(members.begin(), members.end()), members.end());
  for (int64_t i : members)
    EXPECT_TRUE(i >= 0 && i < 50);
  EXPECT_EQ(nonmembers, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(balanced_subsample(50, 7, b).first, members);
  EXPECT_THROW(balanced_subsample(0, 3, a), Error);
}

void expect_separates(const AttackClassifierConfig& config) {
  Rng rng(3);
  const torch::Tensor members = gaussian_features(200, 1.5, rng);
  const torch::Tensor nonmembers = gaussian_features(200, -1.5, rng);
  const MiaAttack attack = fit_mia_attack(members, nonmembers, config);
  EXPECT_EQ(attack.members, 200);
  EXPECT_EQ(attack.nonmembers, 200);
  // Bayes accuracy of the two classes is Phi(1.5 * sqrt(2)) = 0.983.
  EXPECT_GT(attack.train_accuracy, 0.95);
  const torch::Tensor fresh_members = gaussian_features(300, 1.5, rng);
  const torch::Tensor fresh_nonmembers = gaussian_features(300, -1.5, rng);
  const torch::Tensor x = torch::cat({fresh_members, fresh_nonmembers});
  const torch::Tensor y = torch::cat({torch::ones({300}), torch::zeros({300})});
  EXPECT_GT(attack.classifier.accuracy(x, y), 0.95);
  // Forget rows that look like members are called members: efficacy near 0, and near 1
  // for rows that look unseen.
  EXPECT_LT(mia_efficacy(attack, fresh_members), 0.05);
  EXPECT_GT(mia_efficacy(attack, fresh_nonmembers), 0.95);
}

TEST(AttackClassifier, LogisticRegressionSeparatesSyntheticFeatures) {
  expect_separates(AttackClassifierConfig{});
}

TEST(AttackClassifier, MlpSeparatesSyntheticFeatures) {
  AttackClassifierConfig config;
  config.hidden = 8;
  expect_separates(config);
}

TEST(AttackClassifier, SameSeedSameFit) {
  Rng rng(9);
  const torch::Tensor x = gaussian_features(40, 0.0, rng);
  const torch::Tensor y = (x.select(1, 0) > 0).to(torch::kFloat32);
  AttackClassifierConfig config;
  config.hidden = 4;
  config.seed = 17;
  const torch::Tensor a = AttackClassifier::fit(x, y, config).member_probability(x);
  const torch::Tensor b = AttackClassifier::fit(x, y, config).member_probability(x);
  EXPECT_TRUE(torch::equal(a, b));
}

TEST(AttackClassifier, RejectsBadInput) {
  const torch::Tensor x = torch::zeros({4, 2});
  EXPECT_THROW(AttackClassifier::fit(x, torch::ones({4}), {}), Error);  // one class only
  EXPECT_THROW(AttackClassifier::fit(x, torch::ones({3}), {}), Error);  // wrong length
  EXPECT_THROW(AttackClassifier::fit(torch::zeros({0, 2}), torch::ones({0}), {}), Error);
  AttackClassifierConfig bad;
  bad.epochs = 0;
  EXPECT_THROW(bad.validate(), Error);
  const torch::Tensor y = torch::tensor({0.0f, 1.0f, 0.0f, 1.0f});
  const AttackClassifier fitted = AttackClassifier::fit(x, y, {});
  EXPECT_THROW(fitted.member_probability(torch::zeros({2, 3})), Error);  // wrong feature count
}

}  // namespace
}  // namespace emoforget::metrics
