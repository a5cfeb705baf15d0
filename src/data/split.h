// Speaker-independent train/val/test split: every speaker in exactly one split,
// emotions balanced across splits as far as speakers allow, seeded.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "data/manifest.h"

namespace emoforget::data {

struct SplitConfig {
  std::array<double, 3> fractions{0.32, 0.32, 0.36};  // train, val, test (of utterances)
  uint64_t seed = 0;

  // Parses "0.32,0.32,0.36".
  static std::array<double, 3> parse_fractions(const std::string& text);
  void validate() const;
};

// Assigns `split` of every utterance in place.
void assign_speaker_splits(Manifest& manifest, const SplitConfig& config);

// Table of utterances per split x emotion, for stderr.
std::string split_summary(const Manifest& manifest);

}  // namespace emoforget::data
