// Speaker-independent train/val/test split: every speaker in exactly one split,
// emotions balanced across splits as far as speakers allow, seeded.
//
// Algorithm (split.cpp): targets T[s][e] = fraction[s] * (utterances of emotion e).
// Speakers (sorted by id, then shuffled with Rng(seed)) are taken one by one and
// each goes to the split with a non-zero fraction whose per-emotion deficit its
// utterances fill best, i.e. the one that least increases the squared deviation
// sum_s sum_e (A[s][e] - T[s][e])^2 of assigned counts A from the targets; when
// as many speakers remain as non-zero splits are still empty, only the empty ones
// are candidates, so every non-zero split gets a speaker. A local search then
// moves single speakers and swaps pairs between splits while that lowers the
// deviation (never emptying a split). Same manifest and seed, same split.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "data/manifest.h"

namespace emoforget::data {

// The split names, in the order of SplitConfig::fractions.
inline const std::array<std::string, 3> kSplitNames{"train", "val", "test"};

struct SplitConfig {
  std::array<double, 3> fractions{0.32, 0.32, 0.36};  // train, val, test (of utterances)
  uint64_t seed = 0;

  // Parses "0.32,0.32,0.36".
  static std::array<double, 3> parse_fractions(const std::string& text);
  // Three finite fractions, each >= 0, summing to 1 (within 1e-6).
  void validate() const;
};

// Assigns `split` of every utterance in place. Throws when there are fewer
// speakers than splits with a non-zero fraction.
void assign_speaker_splits(Manifest& manifest, const SplitConfig& config);

// Table of utterances per split x emotion, for stderr.
std::string split_summary(const Manifest& manifest);

}  // namespace emoforget::data
