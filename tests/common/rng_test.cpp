#include "common/rng.h"

#include <gtest/gtest.h>

#include <set>

namespace emoforget {
namespace {

TEST(Rng, SameSeedSameStream) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    differs |= x != c.next_u64();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, BelowStaysInRangeAndCoversIt) {
  Rng rng(7);
  std::set<uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t v = rng.below(6);
    ASSERT_LT(v, 6u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_THROW(rng.below(0), std::invalid_argument);
}

TEST(Rng, UniformAndNormalMoments) {
  Rng rng(1);
  double sum_u = 0, sum_n = 0, sum_n2 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum_u += u;
    const double z = rng.normal();
    sum_n += z;
    sum_n2 += z * z;
  }
  EXPECT_NEAR(sum_u / n, 0.5, 0.01);
  EXPECT_NEAR(sum_n / n, 0.0, 0.03);
  EXPECT_NEAR(sum_n2 / n, 1.0, 0.05);
}

TEST(Rng, ShuffleIsAPermutation) {
  Rng rng(3);
  std::vector<int> items{0, 1, 2, 3, 4, 5, 6, 7};
  rng.shuffle(items);
  std::multiset<int> sorted(items.begin(), items.end());
  EXPECT_EQ(sorted, (std::multiset<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

}  // namespace
}  // namespace emoforget
