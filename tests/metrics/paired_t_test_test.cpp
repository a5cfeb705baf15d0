// The paired t-test against Student's t closed forms (df 1 and 2) and a textbook case.
#include "metrics/paired_t_test.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"

namespace emoforget::metrics {
namespace {

TEST(PairedTTest, TailMatchesClosedFormsForOneAndTwoDegreesOfFreedom) {
  for (const double t : {-3.0, -0.5, 0.0, 0.7, 2.0, 12.0}) {
    EXPECT_NEAR(student_t_upper_tail(t, 1), 0.5 - std::atan(t) / M_PI, 1e-12) << t;
    EXPECT_NEAR(student_t_upper_tail(t, 2), 0.5 - t / (2.0 * std::sqrt(2.0 + t * t)), 1e-12) << t;
  }
  // Large df tends to the normal: P(Z >= 1.96) = 0.025.
  EXPECT_NEAR(student_t_upper_tail(1.959964, 100000), 0.025, 1e-4);
  EXPECT_NEAR(student_t_upper_tail(2.776, 4), 0.025, 1e-4) << "the 97.5 % quantile of t(4)";
}

TEST(PairedTTest, LowerFiguresGiveSmallPValues) {
  // Differences -0.1, -0.2, -0.15, -0.05: mean -0.125, sd 0.0645, t = -3.873, df 3.
  const PairedTTest test = paired_t_test_less({0.2, 0.1, 0.25, 0.3}, {0.3, 0.3, 0.4, 0.35});
  EXPECT_NEAR(test.mean_difference, -0.125, 1e-12);
  EXPECT_EQ(test.df, 3);
  EXPECT_NEAR(test.t, -3.8730, 1e-3);
  EXPECT_NEAR(test.p_value, 0.01522, 2e-4);
  const PairedTTest reverse = paired_t_test_less({0.3, 0.3, 0.4, 0.35}, {0.2, 0.1, 0.25, 0.3});
  EXPECT_NEAR(reverse.p_value, 1.0 - test.p_value, 1e-12);
}

TEST(PairedTTest, DegenerateInputs) {
  EXPECT_DOUBLE_EQ(paired_t_test_less({0.1, 0.2}, {0.2, 0.3}).p_value, 0.0);
  EXPECT_DOUBLE_EQ(paired_t_test_less({0.1, 0.2}, {0.1, 0.2}).p_value, 1.0);
  EXPECT_THROW(paired_t_test_less({0.1}, {0.2}), Error);
  EXPECT_THROW(paired_t_test_less({0.1, 0.2}, {0.2}), Error);
}

}  // namespace
}  // namespace emoforget::metrics
