#include "metrics/z_test.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"

namespace emoforget::metrics {
namespace {

TEST(ZTest, MatchesHandComputation) {
  // 90/100 vs 75/100: pooled p = 0.825, se = sqrt(0.825*0.175*0.02) = 0.053735...
  const auto r = two_proportion_z_test(90, 100, 75, 100);
  const double se = std::sqrt(0.825 * 0.175 * (2.0 / 100.0));
  EXPECT_NEAR(r.z, 0.15 / se, 1e-12);
  EXPECT_NEAR(r.z, 2.7914, 1e-4);
  // Upper tail of 2.7914 from standard normal tables: 0.002624.
  EXPECT_NEAR(r.p_value, 0.002624, 2e-6);
}

TEST(ZTest, OneTailedDirection) {
  const auto better = two_proportion_z_test(60, 100, 40, 100);
  const auto worse = two_proportion_z_test(40, 100, 60, 100);
  EXPECT_GT(better.z, 0);
  EXPECT_LT(better.p_value, 0.5);
  EXPECT_NEAR(better.p_value + worse.p_value, 1.0, 1e-12);
}

TEST(ZTest, EqualRatesGiveHalf) {
  EXPECT_NEAR(two_proportion_z_test(30, 60, 50, 100).p_value, 0.5, 1e-12);
  EXPECT_EQ(two_proportion_z_test(10, 10, 20, 20).p_value, 0.5);
}

TEST(ZTest, NormalTailKnownValues) {
  EXPECT_NEAR(normal_upper_tail(0.0), 0.5, 1e-15);
  EXPECT_NEAR(normal_upper_tail(1.959963985), 0.025, 1e-9);
  EXPECT_NEAR(normal_upper_tail(3.090232306), 0.001, 1e-9);
}

TEST(ZTest, BadCountsAreErrors) {
  EXPECT_THROW(two_proportion_z_test(1, 0, 1, 1), Error);
  EXPECT_THROW(two_proportion_z_test(5, 4, 1, 1), Error);
  EXPECT_THROW(two_proportion_z_test(-1, 4, 1, 1), Error);
}

}  // namespace
}  // namespace emoforget::metrics
