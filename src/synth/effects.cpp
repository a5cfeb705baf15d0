// Signal effects of the synthetic corpus (see effects.h).
#include "synth/effects.h"

#include <algorithm>
#include <cmath>

namespace emoforget::synth {

namespace {

constexpr double kPi = 3.14159265358979323846;

double peak_of(const std::vector<float>& x) {
  double peak = 0.0;
  for (const float v : x)
    peak = std::max(peak, static_cast<double>(std::fabs(v)));
  return peak;
}

// One RBJ low-pass biquad (Q = 1/sqrt(2)) over x, in place.
void biquad_lowpass(std::vector<float>& x, int sample_rate, double cutoff_hz) {
  const double w0 = 2.0 * kPi * cutoff_hz / sample_rate;
  const double alpha = std::sin(w0) / (2.0 * std::sqrt(0.5));
  const double cosw = std::cos(w0);
  const double a0 = 1.0 + alpha;
  const double b0 = (1.0 - cosw) / 2.0 / a0;
  const double b1 = (1.0 - cosw) / a0;
  const double b2 = b0;
  const double a1 = -2.0 * cosw / a0;
  const double a2 = (1.0 - alpha) / a0;
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (float& v : x) {
    const double in = v;
    const double out = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = in;
    y2 = y1;
    y1 = out;
    v = static_cast<float>(out);
  }
}

}  // namespace

void apply_vibrato(std::vector<float>& x, int sample_rate, double depth, double hz, Rng& rng) {
  const double phase1 = 2.0 * kPi * rng.uniform();
  const double phase2 = 2.0 * kPi * rng.uniform();
  const double slow_hz = 0.4 * hz + 0.5;
  if (depth <= 0.0 || hz <= 0.0 || x.empty()) return;
  // A delay A sin(w n) shifts pitch by a peak factor A w: A = depth / w.
  const double w1 = 2.0 * kPi * hz / sample_rate;
  const double w2 = 2.0 * kPi * slow_hz / sample_rate;
  const double a1 = depth / w1;
  const double a2 = 0.5 * depth / w2;
  const double base = a1 + a2 + 1.0;
  const std::vector<float> in = x;
  const long n_samples = static_cast<long>(in.size());
  for (long n = 0; n < n_samples; ++n) {
    const double delay = base + a1 * std::sin(w1 * n + phase1) + a2 * std::sin(w2 * n + phase2);
    const double pos = static_cast<double>(n) - delay;
    const long i = static_cast<long>(std::floor(pos));
    const double frac = pos - static_cast<double>(i);
    const double s0 = (i >= 0 && i < n_samples) ? in[i] : 0.0;
    const double s1 = (i + 1 >= 0 && i + 1 < n_samples) ? in[i + 1] : 0.0;
    x[n] = static_cast<float>(s0 + frac * (s1 - s0));
  }
}

void apply_tremolo(std::vector<float>& x, int sample_rate, double depth, double hz, Rng& rng) {
  const double phase = 2.0 * kPi * rng.uniform();
  if (depth <= 0.0 || hz <= 0.0) return;
  const double w = 2.0 * kPi * hz / sample_rate;
  for (size_t n = 0; n < x.size(); ++n) {
    const double gain = 1.0 - depth * (0.5 + 0.5 * std::sin(w * static_cast<double>(n) + phase));
    x[n] = static_cast<float>(x[n] * gain);
  }
}

void add_breath(std::vector<float>& x, int sample_rate, double level, Rng& rng) {
  if (level <= 0.0 || x.empty()) return;
  const double smooth = std::exp(-1.0 / (0.010 * sample_rate));
  double envelope = 0.0;
  double previous_noise = 0.0;
  for (float& v : x) {
    envelope = smooth * envelope + (1.0 - smooth) * std::fabs(v);
    const double noise = rng.normal();
    const double aspiration = noise - previous_noise;  // first difference: a high-pass tilt
    previous_noise = noise;
    v = static_cast<float>(v + level * 2.0 * envelope * aspiration);
  }
}

void apply_lowpass(std::vector<float>& x, int sample_rate, double cutoff_hz) {
  if (cutoff_hz <= 0.0 || cutoff_hz >= 0.45 * sample_rate) return;
  biquad_lowpass(x, sample_rate, cutoff_hz);
  biquad_lowpass(x, sample_rate, cutoff_hz);
}

void apply_brightness(std::vector<float>& x, double amount) {
  if (amount <= 0.0) return;
  for (size_t n = x.size(); n-- > 1;) {
    x[n] = static_cast<float>(x[n] + amount * (static_cast<double>(x[n]) - x[n - 1]));
  }
}

void apply_drive(std::vector<float>& x, double drive) {
  if (drive <= 1.0) return;
  set_peak(x, 1.0);
  const double norm = std::tanh(drive);
  for (float& v : x)
    v = static_cast<float>(std::tanh(drive * v) / norm);
}

void trim_silence(std::vector<float>& x, int sample_rate, double threshold, double margin_seconds) {
  const double peak = peak_of(x);
  if (peak <= 0.0) return;
  const double level = threshold * peak;
  size_t first = 0;
  while (first < x.size() && std::fabs(x[first]) < level)
    ++first;
  size_t last = x.size();
  while (last > first && std::fabs(x[last - 1]) < level)
    --last;
  const size_t margin = static_cast<size_t>(margin_seconds * sample_rate);
  first = first > margin ? first - margin : 0;
  last = std::min(x.size(), last + margin);
  x = std::vector<float>(x.begin() + static_cast<long>(first), x.begin() + static_cast<long>(last));
}

void set_peak(std::vector<float>& x, double peak) {
  const double current = peak_of(x);
  if (current <= 0.0) return;
  const double scale = peak / current;
  for (float& v : x)
    v = static_cast<float>(v * scale);
}

void apply_effects(std::vector<float>& x, int sample_rate, const EffectParams& effects,
                   double gain_db, Rng& rng) {
  apply_vibrato(x, sample_rate, effects.vibrato_depth, effects.vibrato_hz, rng);
  apply_tremolo(x, sample_rate, effects.tremolo_depth, effects.tremolo_hz, rng);
  add_breath(x, sample_rate, effects.breath_level, rng);
  apply_lowpass(x, sample_rate, effects.lowpass_hz);
  apply_brightness(x, effects.brightness);
  apply_drive(x, effects.drive);
  set_peak(x, std::min(0.99, 0.5 * std::pow(10.0, gain_db / 20.0)));
}

}  // namespace emoforget::synth
