#include "unlearn/relabel.h"

#include <gtest/gtest.h>

#include <set>

#include "common/error.h"

namespace emoforget::unlearn {
namespace {

TEST(Relabel, WrongLabelsNeverEqualTrueLabels) {
  Rng rng(3);
  const torch::Tensor labels = torch::randint(0, 7, {2000}, torch::kInt64);
  const torch::Tensor wrong = random_wrong_labels(labels, 7, rng);
  EXPECT_EQ(wrong.sizes(), labels.sizes());
  EXPECT_EQ(wrong.eq(labels).sum().item<int64_t>(), 0);
  EXPECT_GE(wrong.min().item<int64_t>(), 0);
  EXPECT_LT(wrong.max().item<int64_t>(), 7);
}

TEST(Relabel, DrawsEveryOtherClassUniformly) {
  Rng rng(4);
  std::vector<int> counts(5, 0);
  const int n = 20000;
  for (int i = 0; i < n; ++i)
    ++counts[random_other_class(2, 5, rng)];
  EXPECT_EQ(counts[2], 0);
  for (int c : {0, 1, 3, 4})
    EXPECT_NEAR(counts[c] / static_cast<double>(n), 0.25, 0.015);
}

TEST(Relabel, FixedForASeed) {
  const torch::Tensor labels = torch::tensor({0, 1, 2, 3, 4, 5, 6}, torch::kInt64);
  Rng a(9), b(9);
  EXPECT_TRUE(torch::equal(random_wrong_labels(labels, 7, a), random_wrong_labels(labels, 7, b)));
}

TEST(Relabel, NearestIsTheBestScoredOtherClass) {
  // Row 0: true 2 scores highest, 4 next. Row 1: true 0 is not the highest; 3 is.
  // Row 2: the true class scores lowest; 1 is the highest.
  const torch::Tensor logits = torch::tensor(
      {{0.1, 0.2, 3.0, -1.0, 2.5}, {1.0, -2.0, 0.5, 4.0, 0.0}, {0.0, 5.0, 1.0, 2.0, -9.0}});
  const torch::Tensor labels = torch::tensor({2, 0, 4}, torch::kInt64);
  const torch::Tensor nearest = nearest_wrong_labels(logits, labels);
  EXPECT_EQ(nearest.scalar_type(), torch::kInt64);
  EXPECT_TRUE(torch::equal(nearest, torch::tensor({4, 3, 1}, torch::kInt64)));
}

TEST(Relabel, NearestNeverEqualsTheTrueLabel) {
  torch::manual_seed(5);
  const torch::Tensor labels = torch::randint(0, 7, {500}, torch::kInt64);
  // The true class gets the highest score on every row.
  const torch::Tensor logits = torch::randn({500, 7}).scatter_(1, labels.unsqueeze(1), 100.0);
  const torch::Tensor nearest = nearest_wrong_labels(logits, labels);
  EXPECT_EQ(nearest.eq(labels).sum().item<int64_t>(), 0);
  // Each row's choice is that row's second-highest score.
  const torch::Tensor second = std::get<1>(logits.topk(2, 1)).select(1, 1);
  EXPECT_TRUE(torch::equal(nearest, second));
}

TEST(Relabel, SoftTargetsAreTheOtherClassesRenormalised) {
  const torch::Tensor logits = torch::tensor(
      {{0.1, 0.2, 3.0, -1.0, 2.5}, {1.0, -2.0, 0.5, 4.0, 0.0}, {0.0, 5.0, 1.0, 2.0, -9.0}});
  const torch::Tensor labels = torch::tensor({2, 0, 4}, torch::kInt64);
  const torch::Tensor soft = soft_wrong_targets(logits, labels);
  ASSERT_EQ(soft.sizes(), logits.sizes());
  EXPECT_EQ(soft.scalar_type(), torch::kFloat32);
  const torch::Tensor p = torch::softmax(logits.to(torch::kFloat64), 1);
  for (int64_t i = 0; i < 3; ++i) {
    const int64_t truth = labels[i].item<int64_t>();
    EXPECT_EQ(soft[i][truth].item<float>(), 0.0f) << "row " << i;
    EXPECT_NEAR(soft[i].sum().item<double>(), 1.0, 1e-6);
    const double rest = 1.0 - p[i][truth].item<double>();
    for (int64_t k = 0; k < 5; ++k) {
      if (k != truth) EXPECT_NEAR(soft[i][k].item<double>(), p[i][k].item<double>() / rest, 1e-6);
    }
  }
  EXPECT_TRUE(torch::equal(std::get<1>(soft.max(1)), nearest_wrong_labels(logits, labels)))
      << "its most probable class is the nearest wrong label";
  EXPECT_THROW(soft_wrong_targets(torch::zeros({3, 4}), torch::zeros({2}, torch::kInt64)), Error);
  EXPECT_THROW(soft_wrong_targets(torch::zeros({1, 4}), torch::full({1}, 4, torch::kInt64)), Error);
}

TEST(Relabel, NearestBadInput) {
  EXPECT_THROW(nearest_wrong_labels(torch::zeros({3, 1}), torch::zeros({3}, torch::kInt64)), Error);
  EXPECT_THROW(nearest_wrong_labels(torch::zeros({3, 4}), torch::zeros({2}, torch::kInt64)), Error);
  EXPECT_THROW(nearest_wrong_labels(torch::zeros({1, 4}), torch::full({1}, 4, torch::kInt64)),
               Error);
}

TEST(Relabel, BadInput) {
  Rng rng(1);
  EXPECT_THROW(random_other_class(0, 1, rng), Error);
  EXPECT_THROW(random_other_class(3, 3, rng), Error);
}

}  // namespace
}  // namespace emoforget::unlearn
