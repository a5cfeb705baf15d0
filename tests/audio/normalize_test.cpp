// normalize: zero mean / unit variance, the 1e-7 epsilon, silence -> zeros.
#include "audio/normalize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "audio/sound_files.h"

namespace emoforget::audio {
namespace {

double mean_of(const std::vector<float>& x) {
  double s = 0;
  for (float v : x)
    s += v;
  return s / static_cast<double>(x.size());
}

double variance_of(const std::vector<float>& x) {
  const double m = mean_of(x);
  double s = 0;
  for (float v : x)
    s += (v - m) * (v - m);
  return s / static_cast<double>(x.size());
}

TEST(Normalize, MatchesAHandComputedExample) {
  // x = {1, 2, 3, 4}: mean 2.5; deviations -1.5, -0.5, 0.5, 1.5; population
  // variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
  const std::vector<float> y = normalized({1.0F, 2.0F, 3.0F, 4.0F});
  const double denom = std::sqrt(1.25 + 1e-7);
  ASSERT_EQ(y.size(), 4U);
  EXPECT_FLOAT_EQ(y[0], static_cast<float>(-1.5 / denom));
  EXPECT_FLOAT_EQ(y[1], static_cast<float>(-0.5 / denom));
  EXPECT_FLOAT_EQ(y[2], static_cast<float>(0.5 / denom));
  EXPECT_FLOAT_EQ(y[3], static_cast<float>(1.5 / denom));
}

TEST(Normalize, EpsilonDominatesATinyVariance) {
  // x = {0, 2e-4}: mean 1e-4, variance 1e-8, so y = +-1e-4 / sqrt(1e-8 + 1e-7)
  // = +-1e-4 / sqrt(1.1e-7) ~ +-0.3015, not the +-1 that a plain z-score gives.
  const std::vector<float> y = normalized({0.0F, 2e-4F});
  const double expected = 1e-4 / std::sqrt(1.1e-7);
  EXPECT_NEAR(y[0], -expected, 1e-4);
  EXPECT_NEAR(y[1], expected, 1e-4);
  EXPECT_LT(std::fabs(y[1]), 0.31F);
}

TEST(Normalize, GivesZeroMeanAndUnitVariance) {
  std::vector<float> x = emoforget::testing::sine(440.0, 0.3, 0.5, 16000);
  for (float& v : x)
    v += 0.2F;  // a DC offset to remove
  normalize_in_place(x);
  EXPECT_NEAR(mean_of(x), 0.0, 1e-6);
  // var/(var + 1e-7) with var = 0.045: 1 - 2.2e-6.
  EXPECT_NEAR(variance_of(x), 0.045 / (0.045 + 1e-7), 1e-4);
}

TEST(Normalize, SilenceAndConstantsBecomeZerosNotNaN) {
  std::vector<float> silent(1000, 0.0F);
  normalize_in_place(silent);
  for (float v : silent)
    ASSERT_EQ(v, 0.0F);
  std::vector<float> constant(777, 0.1F);
  normalize_in_place(constant);
  for (float v : constant)
    ASSERT_EQ(v, 0.0F);
}

TEST(Normalize, EmptyAndSingleSample) {
  EXPECT_TRUE(normalized({}).empty());
  const std::vector<float> one = normalized({0.7F});
  ASSERT_EQ(one.size(), 1U);
  EXPECT_EQ(one[0], 0.0F);
}

TEST(Normalize, IsInvariantToGainAboveTheEpsilonScale) {
  const std::vector<float> x = emoforget::testing::sine(300.0, 0.5, 0.1, 16000);
  std::vector<float> louder = x;
  for (float& v : louder)
    v *= 1.5F;
  const std::vector<float> a = normalized(x);
  const std::vector<float> b = normalized(louder);
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_NEAR(a[i], b[i], 1e-5) << i;
}

}  // namespace
}  // namespace emoforget::audio
