// Rendering one Italian sentence with libespeak-ng, in process.
//
// espeak-ng keeps its synthesiser in global state, so every call is serialised
// by one mutex, and part of that state carries over from one utterance to the
// next. The largest parts — the pitch-flutter table position, the roughness
// cycle counter and the breath-noise resonators — are switched off: the engine
// loads the voice variants from a private copy of the data folder (symbolic
// links to the system files, plus each variant file with `flutter 0`,
// `roughness 0` and `breath 0 ...` appended; natural pitch variation and
// breathiness are added back, seeded, by the signal effects), and it seeds the
// C library's rand() (klatt noise) before each call. Some timing state remains
// that espeak-ng 1.51 offers no call to reset (re-initialising does not), so a
// request's samples depend on the sequence of calls made since the process
// started: a fixed sequence from a fresh process always gives the same samples,
// which is how `emoforget synth` renders (one thread, plan order).
#pragma once

#include <cstdint>
#include <string>

#include "audio/waveform.h"

namespace emoforget::synth {

struct EspeakRequest {
  std::string variant;  // a file name in espeak-ng-data/voices/!v, e.g. "m3"
  std::string text;     // UTF-8
  int rate_wpm = 175;   // espeakRATE, 80..450
  int pitch = 50;       // espeakPITCH, 0..100
  int range = 50;       // espeakRANGE, 0..100
  int word_gap = 0;     // espeakWORDGAP, 10 ms units
  uint32_t noise_seed = 0;
};

// True when the voice variant exists in the system's espeak-ng data.
bool espeak_variant_exists(const std::string& variant);

// Speaks `request.text` with the Italian voice and the variant; returns the
// samples at espeak-ng's native rate (22050 Hz), scaled to [-1, 1]. Thread-safe
// (serialised). Throws emoforget::Error when espeak-ng cannot start, the
// variant is unknown, or synthesis fails or gives no audio.
audio::Waveform espeak_render(const EspeakRequest& request);

}  // namespace emoforget::synth
