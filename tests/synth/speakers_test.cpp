// The synthetic speaker set: DEMoS gender ratio, stable ids, distinct voices,
// seeded offsets, range checks, and variants that espeak-ng has.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "common/error.h"
#include "synth/espeak.h"
#include "synth/speakers.h"

namespace emoforget::synth {
namespace {

TEST(SynthSpeakers, DefaultIsDemosGenderSplit) {
  const std::vector<SynthSpeaker> speakers = make_speakers(kDemosSpeakers, 0);
  ASSERT_EQ(speakers.size(), 68u);
  int female = 0;
  for (const SynthSpeaker& s : speakers)
    female += s.gender == "f";
  EXPECT_EQ(female, 23);
  EXPECT_EQ(speakers.front().id, "f01");
  EXPECT_EQ(speakers[22].id, "f23");
  EXPECT_EQ(speakers[23].id, "m01");
  EXPECT_EQ(speakers.back().id, "m45");
}

TEST(SynthSpeakers, SmallCountsKeepTheRatioRounded) {
  for (int n : {3, 4, 5, 12, 30, 100}) {
    const std::vector<SynthSpeaker> speakers = make_speakers(n, 1);
    int female = 0;
    for (const SynthSpeaker& s : speakers)
      female += s.gender == "f";
    EXPECT_EQ(female, static_cast<int>(std::lround(n * 23.0 / 68.0))) << n;
    EXPECT_GE(female, 1) << n;
    EXPECT_GE(n - female, 1) << n;
  }
}

TEST(SynthSpeakers, IdsAndVoicesAreDistinct) {
  const int n = max_synth_speakers();
  const std::vector<SynthSpeaker> speakers = make_speakers(n, 0);
  std::set<std::string> ids;
  std::map<std::string, int> per_variant;
  for (const SynthSpeaker& s : speakers) {
    ids.insert(s.id);
    ++per_variant[s.voice.variant];
  }
  EXPECT_EQ(ids.size(), speakers.size());
  // Each variant serves at most one speaker per (pitch, rate) step: 9 steps.
  for (const auto& [variant, count] : per_variant)
    EXPECT_LE(count, 9) << variant;
  // Speakers sharing a variant differ in base pitch or rate.
  const size_t females = static_cast<size_t>(female_count(n));
  const size_t nf = female_variants().size();
  for (size_t i = 0; i + nf < females; ++i) {
    const SpeakerVoice& a = speakers[i].voice;
    const SpeakerVoice& b = speakers[i + nf].voice;
    ASSERT_EQ(a.variant, b.variant);
    EXPECT_TRUE(std::fabs(a.pitch_offset - b.pitch_offset) > 2.5 ||
                std::fabs(a.words_per_minute - b.words_per_minute) > 3.0)
        << speakers[i].id << " " << speakers[i + nf].id;
  }
}

TEST(SynthSpeakers, SeedChangesOffsetsNotVoices) {
  const std::vector<SynthSpeaker> a = make_speakers(12, 1);
  const std::vector<SynthSpeaker> b = make_speakers(12, 2);
  const std::vector<SynthSpeaker> a2 = make_speakers(12, 1);
  bool differ = false;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].voice.variant, b[i].voice.variant);
    EXPECT_EQ(a[i].voice.pitch_offset, a2[i].voice.pitch_offset);
    differ |= a[i].voice.pitch_offset != b[i].voice.pitch_offset;
  }
  EXPECT_TRUE(differ);
}

TEST(SynthSpeakers, CountOutOfRangeIsAnError) {
  EXPECT_THROW(make_speakers(2, 0), Error);
  EXPECT_THROW(make_speakers(max_synth_speakers() + 1, 0), Error);
  EXPECT_NO_THROW(make_speakers(3, 0));
  EXPECT_LE(female_count(max_synth_speakers()), static_cast<int>(female_variants().size() * 9));
}

TEST(SynthSpeakers, EveryVariantExistsInEspeakData) {
  for (const std::string& v : female_variants())
    EXPECT_TRUE(espeak_variant_exists(v)) << v;
  for (const std::string& v : male_variants())
    EXPECT_TRUE(espeak_variant_exists(v)) << v;
  EXPECT_FALSE(espeak_variant_exists("no-such-variant"));
  EXPECT_FALSE(espeak_variant_exists("../it"));
}

}  // namespace
}  // namespace emoforget::synth
