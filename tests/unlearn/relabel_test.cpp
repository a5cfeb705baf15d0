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

TEST(Relabel, BadInput) {
  Rng rng(1);
  EXPECT_THROW(random_other_class(0, 1, rng), Error);
  EXPECT_THROW(random_other_class(3, 3, rng), Error);
}

}  // namespace
}  // namespace emoforget::unlearn
