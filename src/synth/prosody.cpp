// The prosody table of the synthetic corpus and the per-utterance draw.
#include "synth/prosody.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace emoforget::synth {

namespace {

// A strength scaled by a non-negative random factor around 1.
double jittered(double value, double relative_sd, Rng& rng) {
  return value * std::max(0.0, 1.0 + relative_sd * rng.normal());
}

int clamp_round(double value, int lo, int hi) {
  return std::clamp(static_cast<int>(std::lround(value)), lo, hi);
}

}  // namespace

const std::vector<std::string>& synth_emotions() {
  static const std::vector<std::string> emotions = {"anger",     "disgust", "fear",    "guilt",
                                                    "happiness", "sadness", "surprise"};
  return emotions;
}

const std::vector<ClassProsody>& prosody_table() {
  //                     rate  pitch range gain  gap  p(!)  p(?)
  //   effects: tremolo depth/Hz, vibrato depth/Hz, breath, low-pass Hz, brightness, drive
  static const std::vector<ClassProsody> table = {
      ClassProsody{"anger", 1.12, 8, 70, 6, 0, 0.6, 0.0,
                   EffectParams{0, 6, 0.004, 5, 0, 0, 0.5, 4.0}},
      ClassProsody{"disgust", 0.86, -8, 45, 0, 2, 0.1, 0.0,
                   EffectParams{0, 6, 0.008, 3, 0.12, 0, 0, 1.0}},
      ClassProsody{"fear", 1.18, 14, 40, -2, 1, 0.0, 0.2,
                   EffectParams{0.35, 7, 0.02, 7, 0.04, 0, 0, 1.0}},
      ClassProsody{"guilt", 0.88, -6, 30, -4, 3, 0.0, 0.0,
                   EffectParams{0, 6, 0.004, 5, 0.2, 4000, 0, 1.0}},
      ClassProsody{"happiness", 1.08, 12, 80, 3, 0, 0.4, 0.0,
                   EffectParams{0, 6, 0.006, 5, 0, 0, 0.25, 1.0}},
      ClassProsody{"sadness", 0.78, -10, 20, -6, 4, 0.0, 0.0,
                   EffectParams{0, 6, 0.004, 5, 0.03, 2400, 0, 1.0}},
      ClassProsody{"surprise", 1.0, 16, 95, 2, 1, 0.3, 0.7,
                   EffectParams{0, 6, 0.004, 5, 0, 0, 0.15, 1.0}},
  };
  return table;
}

const ClassProsody& class_prosody(const std::string& emotion) {
  for (const ClassProsody& row : prosody_table()) {
    if (row.emotion == emotion) return row;
  }
  throw Error("unknown synthetic emotion '" + emotion +
              "' (expected anger, disgust, fear, guilt, happiness, sadness or surprise)");
}

UtteranceProsody draw_prosody(const ClassProsody& row, const SpeakerVoice& voice, Rng& rng) {
  UtteranceProsody p;
  const double rate = voice.words_per_minute * row.rate_factor * (1.0 + row.rate_sd * rng.normal());
  p.rate_wpm = clamp_round(rate, 80, 450);
  p.pitch = clamp_round(50.0 + voice.pitch_offset + row.pitch_offset + row.pitch_sd * rng.normal(),
                        0, 100);
  p.range = clamp_round(row.range + voice.range_offset + row.range_sd * rng.normal(), 0, 100);
  p.word_gap = clamp_round(row.word_gap + row.word_gap_sd * rng.normal(), 0, 100);
  p.gain_db = row.gain_db + row.gain_sd_db * rng.normal();

  const double u = rng.uniform();
  p.final_punct = u < row.p_exclaim ? '!' : (u < row.p_exclaim + row.p_question ? '?' : '.');

  const EffectParams& mean = row.effects;
  const double sd = row.effect_sd;
  EffectParams& e = p.effects;
  e.tremolo_depth = std::min(0.9, jittered(mean.tremolo_depth, sd, rng));
  e.tremolo_hz = jittered(mean.tremolo_hz, sd * 0.5, rng);
  e.vibrato_depth = std::min(0.06, jittered(mean.vibrato_depth, sd, rng));
  e.vibrato_hz = jittered(mean.vibrato_hz, sd * 0.5, rng);
  e.breath_level = jittered(mean.breath_level, sd, rng);
  e.lowpass_hz = mean.lowpass_hz > 0 ? mean.lowpass_hz * std::exp(sd * 0.6 * rng.normal()) : 0.0;
  e.brightness = jittered(mean.brightness, sd, rng);
  e.drive = 1.0 + jittered(mean.drive - 1.0, sd, rng);
  return p;
}

}  // namespace emoforget::synth
