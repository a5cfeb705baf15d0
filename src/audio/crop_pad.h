// Fixing a waveform's length: keep the first `length` samples, or append zeros.
#pragma once

#include <cstddef>
#include <vector>

namespace emoforget::audio {

// Samples in `seconds` at `sample_rate` Hz, rounded to nearest. Throws
// emoforget::Error on a negative or non-finite duration or a non-positive rate.
size_t seconds_to_samples(double seconds, int sample_rate);

// Crops `samples` to its first `length` samples or zero-pads it at the end.
void crop_or_pad_in_place(std::vector<float>& samples, size_t length);

// Returns the cropped or zero-padded copy.
std::vector<float> cropped_or_padded(std::vector<float> samples, size_t length);

}  // namespace emoforget::audio
