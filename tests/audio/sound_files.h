// Test helpers for the audio module: writing multi-channel WAV/FLAC files with
// libsndfile, sine generation, and single-frequency DFT magnitude / RMS.
#pragma once

#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace emoforget::testing {

constexpr double kPi = 3.14159265358979323846;

// Writes interleaved float `frames` (channels per frame) in `format`
// (e.g. SF_FORMAT_WAV | SF_FORMAT_FLOAT). Integer formats get the samples
// scaled from [-1, 1] by libsndfile.
inline void write_sound_file(const std::filesystem::path& path, const std::vector<float>& frames,
                             int channels, int sample_rate, int format) {
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = channels;
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) throw std::runtime_error("test: cannot open " + path.string());
  const auto n = static_cast<sf_count_t>(frames.size() / channels);
  const sf_count_t written = n > 0 ? sf_writef_float(file, frames.data(), n) : 0;
  sf_close(file);
  if (written != n) throw std::runtime_error("test: short write to " + path.string());
}

// `seconds` of amplitude * sin(2 pi f t) at `sample_rate`.
inline std::vector<float> sine(double frequency, double amplitude, double seconds,
                               int sample_rate) {
  const auto n = static_cast<size_t>(std::lround(seconds * sample_rate));
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<float>(amplitude * std::sin(2 * kPi * frequency * i / sample_rate));
  }
  return out;
}

// Interleaves two equally long channels.
inline std::vector<float> interleave(const std::vector<float>& left,
                                     const std::vector<float>& right) {
  std::vector<float> out;
  out.reserve(2 * left.size());
  for (size_t i = 0; i < left.size(); ++i) {
    out.push_back(left[i]);
    out.push_back(right[i]);
  }
  return out;
}

inline double rms(const std::vector<float>& x, size_t begin = 0, size_t end = SIZE_MAX) {
  end = std::min(end, x.size());
  double sum = 0;
  for (size_t i = begin; i < end; ++i)
    sum += static_cast<double>(x[i]) * x[i];
  return end > begin ? std::sqrt(sum / static_cast<double>(end - begin)) : 0.0;
}

// |DFT| of `x` at `frequency` Hz, scaled so that a full-length sine of amplitude
// A at that frequency gives about A.
inline double tone_amplitude(const std::vector<float>& x, double frequency, int sample_rate) {
  double re = 0;
  double im = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double phase = 2 * kPi * frequency * i / sample_rate;
    re += x[i] * std::cos(phase);
    im -= x[i] * std::sin(phase);
  }
  return 2 * std::sqrt(re * re + im * im) / static_cast<double>(x.size());
}

// The frequency (on a `step` Hz grid from step to below Nyquist) with the
// largest tone_amplitude.
inline double peak_frequency(const std::vector<float>& x, int sample_rate, double step) {
  double best_frequency = 0;
  double best = -1;
  for (double f = step; f < sample_rate / 2.0; f += step) {
    const double a = tone_amplitude(x, f, sample_rate);
    if (a > best) {
      best = a;
      best_frequency = f;
    }
  }
  return best_frequency;
}

}  // namespace emoforget::testing
