// The synthetic corpus's emotion model: one prosody row per class (speaking
// rate, pitch, pitch range, amplitude, word gap, sentence-final punctuation and
// signal effects), the per-utterance jitter around it, and the draw that turns a
// row plus a speaker into the concrete parameters of one utterance.
// The table is documented in docs/synthetic-corpus.md.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "common/rng.h"

namespace emoforget::synth {

// The paper's seven classes (DEMoS without neutral), in label order.
const std::vector<std::string>& synth_emotions();

// Signal effects applied after synthesis (see effects.h).
struct EffectParams {
  double tremolo_depth = 0.0;    // amplitude modulation depth, 0..1
  double tremolo_hz = 6.0;       // its rate
  double vibrato_depth = 0.004;  // peak relative pitch deviation (0.01 = 1 %)
  double vibrato_hz = 5.0;       // its rate
  double breath_level = 0.0;     // aspiration noise relative to the speech envelope
  double lowpass_hz = 0.0;       // 0 = off
  double brightness = 0.0;       // high-frequency tilt (first-difference mix), 0 = off
  double drive = 1.0;            // soft-clipping drive, 1 = clean
};

// One class's mean parameters and the standard deviation of the
// per-utterance jitter on each of them.
struct ClassProsody {
  std::string emotion;
  double rate_factor = 1.0;   // x the speaker's words per minute
  double pitch_offset = 0.0;  // added to espeak pitch (0..100, 50 = voice default)
  double range = 50.0;        // espeak pitch range (0..100, 50 = voice default)
  double gain_db = 0.0;       // output amplitude before soft clipping
  double word_gap = 0.0;      // extra pause between words, in 10 ms units
  // Probabilities of ending the sentence with '!' and '?' (else '.'); espeak
  // gives each its own final intonation contour.
  double p_exclaim = 0.0;
  double p_question = 0.0;
  EffectParams effects;

  // Jitter (standard deviations) applied to every utterance.
  double rate_sd = 0.06;   // relative
  double pitch_sd = 5.0;   // espeak pitch units
  double range_sd = 10.0;  // espeak range units
  double gain_sd_db = 2.0;
  double word_gap_sd = 1.0;  // 10 ms units
  double effect_sd = 0.3;    // relative, on every effect strength
};

// The table, one row per synth_emotions() entry, in the same order.
const std::vector<ClassProsody>& prosody_table();
// The row of `emotion`; throws emoforget::Error for an unknown class.
const ClassProsody& class_prosody(const std::string& emotion);

// A speaker's own baseline (see speakers.h).
struct SpeakerVoice {
  std::string variant;        // espeak voice variant, e.g. "m3"
  double pitch_offset = 0.0;  // added to espeak pitch
  double words_per_minute = 165.0;
  double range_offset = 0.0;  // added to espeak range
};

// Concrete parameters of one utterance, as passed to espeak-ng and the effects.
struct UtteranceProsody {
  int rate_wpm = 165;  // espeakRATE, clamped to [80, 450]
  int pitch = 50;      // espeakPITCH, clamped to [0, 100]
  int range = 50;      // espeakRANGE, clamped to [0, 100]
  int word_gap = 0;    // espeakWORDGAP (10 ms units), >= 0
  double gain_db = 0.0;
  char final_punct = '.';
  EffectParams effects;
};

// Draws the parameters of one utterance of class `row` spoken by `voice`.
UtteranceProsody draw_prosody(const ClassProsody& row, const SpeakerVoice& voice, Rng& rng);

}  // namespace emoforget::synth
