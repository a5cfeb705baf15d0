// Random-window cropping, the usual augmentation when training on clips longer
// than the model input: each epoch sees a different --max-seconds window of
// every longer clip. The pool holds each clip un-normalised up to
// kRandomCropPoolFactor x the window; a window is normalised over its own
// samples, exactly as audio::load_utterance normalises a start crop, so a
// window at offset 0 equals what evaluation sees.
#pragma once

#include <cstdint>

#include <torch/types.h>

#include "common/rng.h"
#include "train/labeled_audio.h"

namespace emoforget::train {

// How much of each clip the pool keeps, in windows.
constexpr double kRandomCropPoolFactor = 4.0;

// Rows `index` of `pool` (waves un-normalised, lengths set) as (B, window)
// inputs: a uniform random offset in [0, length - window] for each clip longer
// than `window` (drawn from `rng` in index order), offset 0 otherwise; each row
// normalised over its valid samples and zero-padded, as load_utterance does.
torch::Tensor random_windows(const LabeledAudio& pool, const torch::Tensor& index, int64_t window,
                             Rng& rng, bool normalize = true);

}  // namespace emoforget::train
