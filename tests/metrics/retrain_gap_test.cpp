// The gap to the retrained model and UnSLU-BENCH's GUM, against hand computations.
#include "metrics/retrain_gap.h"

#include <gtest/gtest.h>

#include <cmath>

namespace emoforget::metrics {
namespace {

ModelEvidence evidence(double ua, double ra, double ta, double f1, double mia,
                       std::optional<double> seconds) {
  ModelEvidence e;
  e.ua = ua;
  e.ra = ra;
  e.ta = ta;
  e.ta_f1 = f1;
  e.mia_efficacy = mia;
  e.seconds = seconds;
  return e;
}

TEST(RetrainGap, AverageGapIsTheMeanAbsoluteDifference) {
  const ModelEvidence gold = evidence(0.6, 0.9, 0.7, 0.7, 0.5, 100.0);
  const ModelEvidence unl = evidence(0.2, 0.8, 0.6, 0.6, 0.9, 10.0);
  EXPECT_DOUBLE_EQ(avg_gap_to_retrain(gold, gold), 0.0);
  EXPECT_NEAR(avg_gap_to_retrain(unl, gold), (0.4 + 0.1 + 0.1 + 0.4) / 4.0, 1e-12);
}

TEST(RetrainGap, GumIsTheHarmonicMeanOfUtilityEfficacyAndTime) {
  const ModelEvidence orig = evidence(0.9, 0.9, 0.7, 0.7, 0.2, 200.0);
  const ModelEvidence gold = evidence(0.6, 0.9, 0.7, 0.7, 0.6, 100.0);
  const ModelEvidence unl = evidence(0.5, 0.8, 0.6, 0.55, 0.5, 9.0);
  const Gum g = gum(unl, gold, orig, /*num_classes=*/5);
  const double u = (0.55 - 0.2) / (0.7 - 0.2);
  const double e = 1.0 - std::abs(0.5 - 0.6) / std::abs(0.2 - 0.6);
  const double t = 1.0 - std::log(10.0) / std::log(101.0);
  EXPECT_NEAR(g.u, u, 1e-12);
  EXPECT_NEAR(g.e, e, 1e-12);
  ASSERT_TRUE(g.t && g.gum);
  EXPECT_NEAR(*g.t, t, 1e-12);
  EXPECT_NEAR(*g.gum, 3 * u * e * t / (e * t + u * t + u * e), 1e-12);
  EXPECT_NEAR(*speedup_over_retrain(unl, gold), 100.0 / 9.0, 1e-12);
}

TEST(RetrainGap, PartsAreClippedAndMissingTimesLeaveTimeOut) {
  const ModelEvidence orig = evidence(0.9, 0.9, 0.7, 0.7, 0.2, std::nullopt);
  const ModelEvidence gold = evidence(0.6, 0.9, 0.7, 0.7, 0.6, std::nullopt);
  // Better than gold and further from gold's MIA than the original: U 1, E 0.
  const ModelEvidence unl = evidence(0.5, 0.8, 0.8, 0.9, 1.2, std::nullopt);
  const Gum g = gum(unl, gold, orig, 5);
  EXPECT_DOUBLE_EQ(g.u, 1.0);
  EXPECT_DOUBLE_EQ(g.e, 0.0);
  EXPECT_FALSE(g.t);
  EXPECT_FALSE(g.gum);
  EXPECT_FALSE(speedup_over_retrain(unl, gold));
  EXPECT_TRUE(g.to_json()["gum"].is_null());
  // Slower than retraining: no time gained.
  const Gum slow = gum(evidence(0.5, 0.8, 0.7, 0.7, 0.6, 500.0),
                       evidence(0.6, 0.9, 0.7, 0.7, 0.6, 100.0), orig, 5);
  ASSERT_TRUE(slow.t && slow.gum);
  EXPECT_DOUBLE_EQ(*slow.t, 0.0);
  EXPECT_DOUBLE_EQ(*slow.gum, 0.0);
}

}  // namespace
}  // namespace emoforget::metrics
