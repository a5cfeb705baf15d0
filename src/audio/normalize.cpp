#include "audio/normalize.h"

#include <cmath>

namespace emoforget::audio {

void normalize_in_place(std::vector<float>& samples) {
  if (samples.empty()) return;
  const auto n = static_cast<double>(samples.size());
  double sum = 0.0;
  for (float x : samples)
    sum += x;
  const double mean = sum / n;
  double squares = 0.0;
  for (float x : samples)
    squares += (x - mean) * (x - mean);
  const double scale = 1.0 / std::sqrt(squares / n + kNormalizeEpsilon);
  for (float& x : samples)
    x = static_cast<float>((x - mean) * scale);
}

std::vector<float> normalized(std::vector<float> samples) {
  normalize_in_place(samples);
  return samples;
}

}  // namespace emoforget::audio
