// A decoded mono waveform: float samples (nominally in [-1, 1]) and their rate.
#pragma once

#include <vector>

namespace emoforget::audio {

struct Waveform {
  std::vector<float> samples;
  int sample_rate = 0;  // Hz

  double seconds() const {
    return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
  }
};

}  // namespace emoforget::audio
