// In-process espeak-ng rendering: audible Italian speech at 22050 Hz from every
// variant, prosody controls (rate, word gap, pitch) that act, bad variants.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "synth/espeak.h"
#include "synth/speakers.h"

namespace emoforget::synth {
namespace {

EspeakRequest request(const std::string& variant) {
  EspeakRequest r;
  r.variant = variant;
  r.text = "Domani mattina andremo al mercato con la nonna.";
  r.rate_wpm = 165;
  r.noise_seed = 42;
  return r;
}

double rms(const std::vector<float>& x) {
  double sum = 0;
  for (float v : x)
    sum += static_cast<double>(v) * v;
  return std::sqrt(sum / static_cast<double>(x.size()));
}

TEST(SynthEspeak, RendersAudibleSpeech) {
  const audio::Waveform wave = espeak_render(request("m1"));
  EXPECT_EQ(wave.sample_rate, 22050);
  EXPECT_GT(wave.seconds(), 1.5);  // 8 words at 165 words per minute
  EXPECT_LT(wave.seconds(), 5.0);
  EXPECT_GT(rms(wave.samples), 0.01);
}

TEST(SynthEspeak, RateAndWordGapChangeDuration) {
  EspeakRequest slow = request("f1"), fast = request("f1"), gaps = request("f1");
  slow.rate_wpm = 120;
  fast.rate_wpm = 220;
  gaps.word_gap = 10;  // 100 ms after each of the 8 words
  const double normal_s = espeak_render(request("f1")).seconds();
  EXPECT_GT(espeak_render(slow).seconds(), 1.3 * espeak_render(fast).seconds());
  EXPECT_GT(espeak_render(gaps).seconds(), normal_s + 0.5);
}

TEST(SynthEspeak, EveryVariantSpeaks) {
  std::vector<std::string> variants = female_variants();
  variants.insert(variants.end(), male_variants().begin(), male_variants().end());
  for (const std::string& v : variants) {
    const audio::Waveform wave = espeak_render(request(v));
    EXPECT_GT(wave.seconds(), 1.5) << v;
    EXPECT_LT(wave.seconds(), 5.0) << v;
    EXPECT_GT(rms(wave.samples), 0.005) << v;
  }
}

// Median fundamental (Hz) over loud frames, by autocorrelation in 60..500 Hz.
double median_f0(const audio::Waveform& wave) {
  const std::vector<float>& x = wave.samples;
  const size_t frame = 1024;
  const double level = 0.5 * rms(x);
  std::vector<double> f0s;
  for (size_t start = 0; start + frame + 400 < x.size(); start += frame / 2) {
    std::vector<float> f(x.begin() + start, x.begin() + start + frame);
    if (rms(f) < level) continue;
    int best_lag = 0;
    double best = 0;
    for (int lag = wave.sample_rate / 500; lag <= wave.sample_rate / 60; ++lag) {
      double sum = 0;
      for (size_t i = 0; i < frame; ++i)
        sum += static_cast<double>(x[start + i]) * x[start + i + lag];
      if (sum > best) {
        best = sum;
        best_lag = lag;
      }
    }
    if (best_lag > 0) f0s.push_back(static_cast<double>(wave.sample_rate) / best_lag);
  }
  std::sort(f0s.begin(), f0s.end());
  return f0s.empty() ? 0.0 : f0s[f0s.size() / 2];
}

TEST(SynthEspeak, HigherPitchRaisesTheFundamental) {
  EspeakRequest low = request("m1"), high = request("m1");
  low.pitch = 10;
  high.pitch = 90;
  const double f_low = median_f0(espeak_render(low));
  const double f_high = median_f0(espeak_render(high));
  EXPECT_GT(f_low, 50.0);
  EXPECT_GT(f_high, 1.3 * f_low);  // espeak's pitch 10 -> 90 spans about one octave
}

TEST(SynthEspeak, UnknownVariantIsAnError) {
  EXPECT_THROW(espeak_render(request("no-such-variant")), Error);
  EXPECT_THROW(espeak_render(request("../../lang/roa/it")), Error);
}

}  // namespace
}  // namespace emoforget::synth
