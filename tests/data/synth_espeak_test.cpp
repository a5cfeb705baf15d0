// In-process espeak-ng rendering: audible Italian speech at 22050 Hz from every
// variant, prosody controls (rate, word gap, pitch) that act, bad variants.
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "data/synth_espeak.h"
#include "data/synth_speakers.h"

namespace emoforget::data {
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

TEST(SynthEspeak, HigherPitchRaisesTheFundamental) {
  // Zero-crossing rate of the low-passed signal follows the fundamental.
  auto crossings = [](const std::vector<float>& x) {
    double smooth = 0, previous = 0;
    int count = 0;
    for (float v : x) {
      smooth = 0.9 * smooth + 0.1 * v;
      count += (previous < 0) != (smooth < 0);
      previous = smooth;
    }
    return count / static_cast<double>(x.size());
  };
  EspeakRequest low = request("m1"), high = request("m1");
  low.pitch = 10;
  high.pitch = 90;
  EXPECT_GT(crossings(espeak_render(high).samples), 1.2 * crossings(espeak_render(low).samples));
}

TEST(SynthEspeak, UnknownVariantIsAnError) {
  EXPECT_THROW(espeak_render(request("no-such-variant")), Error);
  EXPECT_THROW(espeak_render(request("../../lang/roa/it")), Error);
}

}  // namespace
}  // namespace emoforget::data
