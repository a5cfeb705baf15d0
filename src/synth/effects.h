// Signal effects of the synthetic corpus, applied to the 16 kHz rendering:
// the cues that espeak-ng's prosody controls cannot give (vibrato/jitter and
// tremolo for fear, aspiration noise for disgust and guilt, a dull low-pass for
// sadness, brightness and soft clipping for anger), plus silence trimming and
// the output gain. All randomness comes from the Rng passed in.
#pragma once

#include <vector>

#include "common/rng.h"
#include "synth/prosody.h"

namespace emoforget::synth {

// Frequency modulation through a modulated fractional delay: a sinusoid at
// `hz` with peak relative pitch deviation `depth`, plus a slower random-phase
// component of half that depth (natural flutter).
void apply_vibrato(std::vector<float>& x, int sample_rate, double depth, double hz, Rng& rng);

// Amplitude modulation: x *= 1 - depth * (0.5 + 0.5 sin(2 pi hz t + phase)).
void apply_tremolo(std::vector<float>& x, int sample_rate, double depth, double hz, Rng& rng);

// Adds high-passed white noise following the speech envelope (10 ms), at
// `level` times that envelope.
void add_breath(std::vector<float>& x, int sample_rate, double level, Rng& rng);

// Second-order Butterworth low-pass at `cutoff_hz`, applied twice (24 dB/oct).
void apply_lowpass(std::vector<float>& x, int sample_rate, double cutoff_hz);

// High-frequency tilt: x + amount * (x[n] - x[n-1]).
void apply_brightness(std::vector<float>& x, double amount);

// Scales to peak 1 and soft-clips: tanh(drive * x) / tanh(drive). drive <= 1: no-op.
void apply_drive(std::vector<float>& x, double drive);

// Removes leading and trailing samples quieter than `threshold` x the peak,
// keeping `margin_seconds` on each side.
void trim_silence(std::vector<float>& x, int sample_rate, double threshold, double margin_seconds);

// Scales so that the peak is `peak` (no-op on silence).
void set_peak(std::vector<float>& x, double peak);

// The whole chain for one utterance, in a fixed order: vibrato, tremolo,
// breath, low-pass, brightness, drive, then peak 0.5 x 10^(gain_db/20), at most 0.99.
void apply_effects(std::vector<float>& x, int sample_rate, const EffectParams& effects,
                   double gain_db, Rng& rng);

}  // namespace emoforget::synth
