// In-process espeak-ng rendering: audible Italian speech at 22050 Hz, prosody
// controls that act, and output that does not depend on earlier calls.
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

TEST(SynthEspeak, OutputDoesNotDependOnEarlierCalls) {
  std::vector<std::string> variants = female_variants();
  variants.insert(variants.end(), male_variants().begin(), male_variants().end());
  for (const std::string& v : variants) {
    const audio::Waveform first = espeak_render(request(v));
    EspeakRequest other = request(variants[(v.size() * 7) % variants.size()]);
    other.text = "Hai lasciato le chiavi sul tavolo?";
    other.pitch = 80;
    other.range = 90;
    espeak_render(other);
    const audio::Waveform again = espeak_render(request(v));
    EXPECT_EQ(first.samples, again.samples) << "variant " << v;
  }
}

TEST(SynthEspeak, UnknownVariantIsAnError) {
  EXPECT_THROW(espeak_render(request("no-such-variant")), Error);
  EXPECT_THROW(espeak_render(request("../../lang/roa/it")), Error);
}

}  // namespace
}  // namespace emoforget::data
