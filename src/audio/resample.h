// Sample-rate conversion with libsoxr at high quality (SOXR_HQ: 20-bit,
// band-limited to ~91% of the lower Nyquist frequency), float in and out.
#pragma once

#include <cstddef>
#include <vector>

#include "audio/waveform.h"

namespace emoforget::audio {

// Number of output samples for `input_length` samples converted from
// `from_rate` to `to_rate`: round(input_length * to_rate / from_rate).
size_t resampled_length(size_t input_length, int from_rate, int to_rate);

// Converts `samples` from `from_rate` to `to_rate` Hz; returns a copy when the
// rates are equal. The output has resampled_length(...) samples. Throws
// emoforget::Error on a non-positive rate or a libsoxr failure.
std::vector<float> resample(const std::vector<float>& samples, int from_rate, int to_rate);

// Same for a waveform; the result carries `to_rate`.
Waveform resample(const Waveform& wave, int to_rate);

}  // namespace emoforget::audio
