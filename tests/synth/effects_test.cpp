// Signal effects of the synthetic corpus on test tones: each one changes the
// signal the way its name says, keeps the length, and repeats for a seed.
#include <gtest/gtest.h>

#include <cmath>

#include "synth/effects.h"

namespace emoforget::synth {
namespace {

constexpr int kRate = 16000;
constexpr double kPi = 3.14159265358979323846;

std::vector<float> tone(double hz, double seconds, double amplitude = 0.5) {
  std::vector<float> x(static_cast<size_t>(seconds * kRate));
  for (size_t n = 0; n < x.size(); ++n)
    x[n] = static_cast<float>(amplitude * std::sin(2 * kPi * hz * n / kRate));
  return x;
}

double rms(const std::vector<float>& x, size_t begin = 0, size_t end = 0) {
  if (end == 0) end = x.size();
  double sum = 0;
  for (size_t i = begin; i < end; ++i)
    sum += static_cast<double>(x[i]) * x[i];
  return std::sqrt(sum / static_cast<double>(end - begin));
}

// Zero crossings per second / 2: the frequency of a clean tone.
double zero_cross_hz(const std::vector<float>& x, size_t begin, size_t end) {
  int crossings = 0;
  for (size_t i = begin + 1; i < end; ++i)
    crossings += (x[i - 1] < 0) != (x[i] < 0);
  return crossings / 2.0 / (static_cast<double>(end - begin) / kRate);
}

TEST(SynthEffects, LowpassKeepsLowAndRemovesHighFrequencies) {
  std::vector<float> low = tone(300, 0.5), high = tone(5000, 0.5);
  const double low_before = rms(low), high_before = rms(high);
  apply_lowpass(low, kRate, 1800);
  apply_lowpass(high, kRate, 1800);
  EXPECT_NEAR(rms(low, 800), low_before, 0.05 * low_before);
  EXPECT_LT(rms(high, 800), 0.05 * high_before);
}

TEST(SynthEffects, TremoloModulatesTheEnvelope) {
  std::vector<float> x = tone(500, 1.0);
  Rng rng(1);
  apply_tremolo(x, kRate, 0.5, 5, rng);
  double lo = 1e9, hi = 0;
  for (size_t block = 0; block + 160 <= x.size(); block += 160) {
    const double r = rms(x, block, block + 160);
    lo = std::min(lo, r);
    hi = std::max(hi, r);
  }
  EXPECT_LT(lo / hi, 0.6);  // depth 0.5: gain swings from 1 to 0.5
  EXPECT_GT(lo / hi, 0.4);
}

TEST(SynthEffects, VibratoBendsPitchAndKeepsLength) {
  std::vector<float> x = tone(400, 1.0);
  const size_t length = x.size();
  Rng rng(2);
  apply_vibrato(x, kRate, 0.05, 4, rng);
  ASSERT_EQ(x.size(), length);
  double lo = 1e9, hi = 0;
  for (size_t block = 800; block + 800 <= x.size(); block += 400) {
    const double f = zero_cross_hz(x, block, block + 800);
    lo = std::min(lo, f);
    hi = std::max(hi, f);
  }
  EXPECT_GT(hi - lo, 20.0);  // +-5 % of 400 Hz, with the slow component on top
  EXPECT_LT(hi - lo, 120.0);
}

TEST(SynthEffects, BreathAddsNoiseOnlyWhereThereIsSpeech) {
  std::vector<float> x = tone(200, 0.5);
  x.resize(x.size() * 2, 0.0f);  // second half silent
  std::vector<float> y = x;
  Rng rng(3);
  add_breath(y, kRate, 0.2, rng);
  std::vector<float> diff(y.size());
  for (size_t i = 0; i < y.size(); ++i)
    diff[i] = y[i] - x[i];
  const size_t half = x.size() / 2;
  EXPECT_GT(rms(diff, 0, half), 0.01);
  EXPECT_LT(rms(diff, half + 1600, x.size()), 1e-4);  // envelope decayed after 100 ms
}

TEST(SynthEffects, DriveClipsSoftlyAndBrightnessTilts) {
  std::vector<float> x = tone(200, 0.2, 0.3);
  apply_drive(x, 4.0);
  double peak = 0;
  for (float v : x)
    peak = std::max(peak, static_cast<double>(std::fabs(v)));
  EXPECT_NEAR(peak, 1.0, 1e-3);
  EXPECT_GT(rms(x), 1.0 / std::sqrt(2.0));  // flattened tops: more energy than a sine of peak 1

  std::vector<float> high = tone(4000, 0.2), low = tone(200, 0.2);
  const double high_before = rms(high), low_before = rms(low);
  apply_brightness(high, 0.5);
  apply_brightness(low, 0.5);
  EXPECT_GT(rms(high) / high_before, rms(low) / low_before + 0.3);
}

TEST(SynthEffects, TrimKeepsSpeechAndMargin) {
  std::vector<float> x(kRate, 0.0f);
  const std::vector<float> t = tone(300, 0.5);
  std::copy(t.begin(), t.end(), x.begin() + kRate / 4);
  trim_silence(x, kRate, 0.02, 0.05);
  EXPECT_NEAR(static_cast<double>(x.size()) / kRate, 0.5 + 2 * 0.05, 0.01);
}

TEST(SynthEffects, ChainRepeatsForASeedAndSetsThePeak) {
  EffectParams e;
  e.tremolo_depth = 0.3;
  e.breath_level = 0.1;
  e.lowpass_hz = 3000;
  e.drive = 2.0;
  std::vector<float> a = tone(220, 0.3), b = a, c = a;
  Rng ra(9), rb(9), rc(10);
  apply_effects(a, kRate, e, 0.0, ra);
  apply_effects(b, kRate, e, 0.0, rb);
  apply_effects(c, kRate, e, 0.0, rc);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  double peak = 0;
  for (float v : a)
    peak = std::max(peak, static_cast<double>(std::fabs(v)));
  EXPECT_NEAR(peak, 0.5, 1e-4);
}

}  // namespace
}  // namespace emoforget::synth
