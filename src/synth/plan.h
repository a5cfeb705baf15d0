// The plan of a synthetic corpus: which speaker says which sentence with which
// emotion and which drawn parameters, fixed by the seed before anything is
// rendered (so rendering order and threads cannot change the result).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synth/prosody.h"
#include "synth/speakers.h"

namespace emoforget::synth {

struct SynthUtterancePlan {
  std::string utt_id;  // "<speaker>_<emotion>_<k>", e.g. "f01_anger_03"
  std::string path;    // "wav/<speaker>/<utt_id>.wav", relative to the corpus folder
  std::string speaker;
  std::string gender;
  std::string emotion;
  int sentence_id = 0;  // index into the sentence list
  std::string text;     // the sentence with its class-dependent final punctuation
  std::string variant;  // espeak-ng voice variant of the speaker
  UtteranceProsody prosody;
  uint64_t noise_seed = 0;  // seeds espeak's noise and the effects
};

// Speakers x 7 emotions x `per_class` utterances, speaker-major. For every
// (speaker, emotion) the sentences are a fresh seeded shuffle of the whole
// list (wrapping when per_class exceeds it), so a sentence does not reveal the
// class. Throws emoforget::Error on per_class < 1 or an empty sentence list.
std::vector<SynthUtterancePlan> plan_corpus(const std::vector<SynthSpeaker>& speakers,
                                            const std::vector<std::string>& sentences,
                                            int per_class, uint64_t seed);

}  // namespace emoforget::synth
