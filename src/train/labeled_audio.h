// A labelled set of utterances held in memory as one (N, T) tensor: each file is
// decoded, resampled and normalised once, in parallel across cores, before any
// training starts, so a bad file stops the run early and names itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

#include "audio/load_utterance.h"
#include "data/manifest.h"

namespace emoforget::train {

struct LabeledAudio {
  torch::Tensor waves;    // (N, T) float32, normalised, cropped/zero-padded to T
  torch::Tensor labels;   // (N) int64 class ids in the model's label order
  torch::Tensor lengths;  // (N) int64 samples of each clip before zero padding (<= T)
  std::vector<std::string> utt_ids;

  int64_t size() const { return waves.defined() ? waves.size(0) : 0; }
};

// Class id of every utterance, in `labels` order; an emotion not in `labels` is
// an error naming the manifest row.
std::vector<int64_t> label_ids(const data::Manifest& manifest,
                               const std::vector<const data::Utterance*>& utterances,
                               const std::vector<std::string>& labels);

// Decodes `utterances` with `audio` (its max_seconds must be > 0 so every clip
// has the same length) using `threads` workers (0 = all cores). Checks first
// that the set fits in memory and says how much it needs when it does not.
LabeledAudio load_labeled_audio(const data::Manifest& manifest,
                                const std::vector<const data::Utterance*>& utterances,
                                const std::vector<std::string>& labels,
                                const audio::AudioConfig& audio, int threads = 0);

// Bytes of available memory (MemAvailable), or 0 when unknown.
uint64_t available_memory_bytes();

}  // namespace emoforget::train
