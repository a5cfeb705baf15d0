// Per-utterance zero-mean unit-variance normalisation, as Hugging Face's
// Wav2Vec2FeatureExtractor: y = (x - mean) / sqrt(var + 1e-7), with the
// population variance. Silence (variance 0) maps to zeros, never NaN.
#pragma once

#include <vector>

namespace emoforget::audio {

constexpr double kNormalizeEpsilon = 1e-7;

// Normalises `samples` in place (statistics in double precision). Empty input
// is left empty.
void normalize_in_place(std::vector<float>& samples);

// Returns the normalised copy of `samples`.
std::vector<float> normalized(std::vector<float> samples);

}  // namespace emoforget::audio
