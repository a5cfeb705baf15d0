// The synthetic speaker set: each speaker is an espeak-ng voice variant with
// its own base pitch and speaking rate, a stable id (f01.., m01..) and a gender.
// The default 68 speakers are 23 female and 45 male, like DEMoS; other counts
// keep that female ratio (rounded).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synth/prosody.h"

namespace emoforget::synth {

constexpr int kDemosSpeakers = 68;
constexpr int kDemosFemale = 23;

struct SynthSpeaker {
  std::string id;      // "f01", "m12", ... (three digits past 99 of a gender)
  std::string gender;  // "f" or "m"
  SpeakerVoice voice;
};

// espeak-ng variants (voices/!v) used for each gender.
const std::vector<std::string>& female_variants();
const std::vector<std::string>& male_variants();

// Number of female speakers among `speakers`: round(speakers * 23 / 68).
int female_count(int speakers);

// The largest speaker count for which every speaker is a distinct
// (variant, pitch step, rate step) combination.
int max_synth_speakers();

// The speakers, females first (f01..), then males (m01..). The variant and the
// pitch/rate steps depend only on the index; `seed` adds small bounded
// per-speaker offsets (pitch +-2, rate +-2 %, range +-8). Throws emoforget::Error when `speakers`
// is outside [3, max_synth_speakers()].
std::vector<SynthSpeaker> make_speakers(int speakers, uint64_t seed);

}  // namespace emoforget::synth
