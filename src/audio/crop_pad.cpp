#include "audio/crop_pad.h"

#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"

namespace emoforget::audio {

size_t seconds_to_samples(double seconds, int sample_rate) {
  if (!std::isfinite(seconds) || seconds < 0) {
    throw Error("duration " + std::to_string(seconds) + " s must be finite and >= 0");
  }
  if (sample_rate <= 0) {
    throw Error("sample rate " + std::to_string(sample_rate) + " Hz must be positive");
  }
  const double samples = std::round(seconds * sample_rate);
  if (samples >= static_cast<double>(std::numeric_limits<size_t>::max() / 8)) {
    throw Error("duration " + std::to_string(seconds) + " s is too long");
  }
  return static_cast<size_t>(samples);
}

void crop_or_pad_in_place(std::vector<float>& samples, size_t length) {
  samples.resize(length, 0.0F);
}

std::vector<float> cropped_or_padded(std::vector<float> samples, size_t length) {
  crop_or_pad_in_place(samples, length);
  return samples;
}

}  // namespace emoforget::audio
