// The synthetic corpus's prosody table and per-utterance draw: one row per
// class, draws centred on the table with jitter, ordering between classes as
// the table says, and parameters clamped to espeak-ng's ranges.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "common/error.h"
#include "synth/prosody.h"

namespace emoforget::synth {
namespace {

constexpr int kDraws = 2000;

struct Means {
  double rate = 0, pitch = 0, range = 0, gap = 0, breath = 0, lowpass = 0, tremolo = 0;
  double exclaim = 0, question = 0;
};

Means mean_draws(const ClassProsody& row, const SpeakerVoice& voice, uint64_t seed) {
  Rng rng(seed);
  Means m;
  for (int i = 0; i < kDraws; ++i) {
    const UtteranceProsody p = draw_prosody(row, voice, rng);
    m.rate += p.rate_wpm;
    m.pitch += p.pitch;
    m.range += p.range;
    m.gap += p.word_gap;
    m.breath += p.effects.breath_level;
    m.lowpass += p.effects.lowpass_hz;
    m.tremolo += p.effects.tremolo_depth;
    m.exclaim += p.final_punct == '!';
    m.question += p.final_punct == '?';
  }
  for (double* v : {&m.rate, &m.pitch, &m.range, &m.gap, &m.breath, &m.lowpass, &m.tremolo,
                    &m.exclaim, &m.question}) {
    *v /= kDraws;
  }
  return m;
}

TEST(SynthProsody, OneRowPerClassInLabelOrder) {
  const std::vector<std::string>& emotions = synth_emotions();
  ASSERT_EQ(emotions.size(), 7u);
  ASSERT_EQ(prosody_table().size(), emotions.size());
  for (size_t i = 0; i < emotions.size(); ++i) {
    EXPECT_EQ(prosody_table()[i].emotion, emotions[i]);
    EXPECT_EQ(&class_prosody(emotions[i]), &prosody_table()[i]);
    const ClassProsody& row = prosody_table()[i];
    EXPECT_LE(row.p_exclaim + row.p_question, 1.0) << row.emotion;
    EXPECT_GT(row.rate_sd, 0.0) << row.emotion << ": every parameter is jittered";
    EXPECT_GT(row.pitch_sd, 0.0);
    EXPECT_GT(row.range_sd, 0.0);
    EXPECT_GT(row.word_gap_sd, 0.0);
    EXPECT_GT(row.effect_sd, 0.0);
  }
  EXPECT_THROW(class_prosody("neutral"), Error);
}

TEST(SynthProsody, DrawsAreCentredOnTheTable) {
  SpeakerVoice voice;
  voice.words_per_minute = 160;
  voice.pitch_offset = 3;
  voice.range_offset = -4;
  for (const ClassProsody& row : prosody_table()) {
    const Means m = mean_draws(row, voice, 7);
    EXPECT_NEAR(m.rate, voice.words_per_minute * row.rate_factor, 2.0) << row.emotion;
    const double pitch = std::clamp(50.0 + voice.pitch_offset + row.pitch_offset, 0.0, 100.0);
    EXPECT_NEAR(m.pitch, pitch, 1.0) << row.emotion;
    EXPECT_NEAR(m.exclaim, row.p_exclaim, 0.04) << row.emotion;
    EXPECT_NEAR(m.question, row.p_question, 0.04) << row.emotion;
    EXPECT_NEAR(m.breath, row.effects.breath_level, 0.1 * row.effects.breath_level + 1e-9);
    EXPECT_NEAR(m.lowpass, row.effects.lowpass_hz, 0.05 * row.effects.lowpass_hz + 1e-9);
  }
}

TEST(SynthProsody, ClassesDifferAsTheTableSays) {
  SpeakerVoice voice;
  std::map<std::string, Means> means;
  for (const ClassProsody& row : prosody_table())
    means[row.emotion] = mean_draws(row, voice, 11);
  for (const ClassProsody& a : prosody_table()) {
    for (const ClassProsody& b : prosody_table()) {
      const Means& ma = means[a.emotion];
      const Means& mb = means[b.emotion];
      if (a.rate_factor > b.rate_factor + 0.05)
        EXPECT_GT(ma.rate, mb.rate) << a.emotion << b.emotion;
      if (a.pitch_offset > b.pitch_offset + 3)
        EXPECT_GT(ma.pitch, mb.pitch) << a.emotion << b.emotion;
      if (a.range > b.range + 8) EXPECT_GT(ma.range, mb.range) << a.emotion << " " << b.emotion;
      if (a.word_gap > b.word_gap + 1) EXPECT_GT(ma.gap, mb.gap) << a.emotion << " " << b.emotion;
      if (a.effects.tremolo_depth > b.effects.tremolo_depth + 0.1) {
        EXPECT_GT(ma.tremolo, mb.tremolo) << a.emotion << " " << b.emotion;
      }
    }
  }
}

TEST(SynthProsody, JitterMakesUtterancesDifferButSeedsRepeat) {
  const ClassProsody& row = class_prosody("sadness");
  SpeakerVoice voice;
  Rng a(3), b(3);
  const UtteranceProsody first = draw_prosody(row, voice, a);
  const UtteranceProsody again = draw_prosody(row, voice, b);
  EXPECT_EQ(first.rate_wpm, again.rate_wpm);
  EXPECT_EQ(first.pitch, again.pitch);
  EXPECT_EQ(first.effects.lowpass_hz, again.effects.lowpass_hz);
  bool rate_varies = false, lowpass_varies = false;
  for (int i = 0; i < 20; ++i) {
    const UtteranceProsody next = draw_prosody(row, voice, a);
    rate_varies |= next.rate_wpm != first.rate_wpm;
    lowpass_varies |= next.effects.lowpass_hz != first.effects.lowpass_hz;
  }
  EXPECT_TRUE(rate_varies);
  EXPECT_TRUE(lowpass_varies);
}

TEST(SynthProsody, ParametersStayInEspeakRanges) {
  SpeakerVoice extreme;
  extreme.words_per_minute = 600;
  extreme.pitch_offset = 90;
  extreme.range_offset = 90;
  Rng rng(5);
  for (const ClassProsody& row : prosody_table()) {
    for (int i = 0; i < 200; ++i) {
      const UtteranceProsody p = draw_prosody(row, extreme, rng);
      EXPECT_LE(p.rate_wpm, 450);
      EXPECT_GE(p.rate_wpm, 80);
      EXPECT_LE(p.pitch, 100);
      EXPECT_LE(p.range, 100);
      EXPECT_GE(p.word_gap, 0);
      EXPECT_GE(p.effects.breath_level, 0.0);
      EXPECT_GE(p.effects.drive, 1.0);
      EXPECT_LE(p.effects.tremolo_depth, 0.9);
    }
  }
}

}  // namespace
}  // namespace emoforget::synth
