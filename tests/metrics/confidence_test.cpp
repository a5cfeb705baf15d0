#include "metrics/confidence.h"

#include <cmath>

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget::metrics {
namespace {

// Reference quantiles: scipy.stats.t.ppf(0.975, df).
TEST(Confidence, StudentQuantilesMatchTheTable) {
  EXPECT_NEAR(student_t_975(1), 12.7062, 1e-3);
  EXPECT_NEAR(student_t_975(2), 4.3027, 1e-3);
  EXPECT_NEAR(student_t_975(9), 2.2622, 1e-3);
  EXPECT_NEAR(student_t_975(30), 2.0423, 1e-3);
  EXPECT_NEAR(student_t_975(60), 2.0003, 2e-3);
  EXPECT_NEAR(student_t_975(1000), 1.9623, 2e-3);
  EXPECT_THROW(student_t_975(0), Error);
}

TEST(Confidence, HalfWidthShrinksWithCount) {
  EXPECT_EQ(t_interval_half_width(0.1, 1), 0.0);
  EXPECT_NEAR(t_interval_half_width(0.1, 3), 4.303 * 0.1 / std::sqrt(3.0), 1e-9);
  EXPECT_GT(t_interval_half_width(0.1, 3), t_interval_half_width(0.1, 5));
}

TEST(Confidence, StoufferCombinesPerSeedTests) {
  ZTestResult a, b;
  a.z = 2.0;
  b.z = 1.0;
  const ZTestResult c = stouffer_combined({a, b});
  EXPECT_NEAR(c.z, 3.0 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(c.p_value, normal_upper_tail(3.0 / std::sqrt(2.0)), 1e-12);
  EXPECT_EQ(stouffer_combined({}).p_value, 1.0);
}

}  // namespace
}  // namespace emoforget::metrics
