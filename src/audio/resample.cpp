#include "audio/resample.h"

#include <soxr.h>

#include <cstdint>
#include <string>

#include "common/error.h"

namespace emoforget::audio {

namespace {

void check_rate(const char* name, int rate) {
  if (rate <= 0) {
    throw Error(std::string("resample: ") + name + " = " + std::to_string(rate) +
                " Hz must be positive");
  }
}

}  // namespace

size_t resampled_length(size_t input_length, int from_rate, int to_rate) {
  check_rate("from_rate", from_rate);
  check_rate("to_rate", to_rate);
  const auto to = static_cast<uint64_t>(to_rate);
  const auto from = static_cast<uint64_t>(from_rate);
  if (input_length > (UINT64_MAX - from) / to) {
    throw Error("resample: " + std::to_string(input_length) + " samples is too long");
  }
  return static_cast<size_t>((input_length * to + from / 2) / from);
}

std::vector<float> resample(const std::vector<float>& samples, int from_rate, int to_rate) {
  const size_t out_length = resampled_length(samples.size(), from_rate, to_rate);
  if (from_rate == to_rate || samples.empty())
    return std::vector<float>(samples.begin(), samples.end());

  std::vector<float> out(out_length);
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);  // callers parallelise per file
  size_t done = 0;
  const soxr_error_t error =
      soxr_oneshot(from_rate, to_rate, 1, samples.data(), samples.size(), nullptr, out.data(),
                   out.size(), &done, &io, &quality, &runtime);
  if (error != nullptr) {
    throw Error("resample " + std::to_string(from_rate) + " Hz -> " + std::to_string(to_rate) +
                " Hz failed: " + error);
  }
  out.resize(done);
  out.resize(out_length, 0.0F);  // soxr may deliver a sample short at the very end
  return out;
}

Waveform resample(const Waveform& wave, int to_rate) {
  return Waveform{resample(wave.samples, wave.sample_rate, to_rate), to_rate};
}

}  // namespace emoforget::audio
