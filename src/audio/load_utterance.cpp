#include "audio/load_utterance.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "audio/crop_pad.h"
#include "audio/normalize.h"
#include "audio/read_audio.h"
#include "audio/resample.h"
#include "common/error.h"

namespace emoforget::audio {

namespace {

// Beyond any rate an audio device or corpus uses; guards against typos.
constexpr int kMaxSampleRate = 768000;

}  // namespace

void AudioConfig::validate() const {
  if (sample_rate <= 0 || sample_rate > kMaxSampleRate) {
    throw Error("audio config: sample_rate = " + std::to_string(sample_rate) + " must be in 1.." +
                std::to_string(kMaxSampleRate) + " Hz (models use 16000)");
  }
  if (!std::isfinite(max_seconds) || max_seconds < 0) {
    throw Error("audio config: max_seconds = " + std::to_string(max_seconds) +
                " must be finite and >= 0 (0 keeps the full length)");
  }
  if (max_seconds > 0 && max_samples() == 0) {
    throw Error("audio config: max_seconds = " + std::to_string(max_seconds) +
                " is shorter than one sample at " + std::to_string(sample_rate) + " Hz");
  }
  if (required_input_rate < 0 || required_input_rate > kMaxSampleRate) {
    throw Error("audio config: required_input_rate = " + std::to_string(required_input_rate) +
                " must be in 0.." + std::to_string(kMaxSampleRate) + " Hz (0 accepts any rate)");
  }
}

size_t AudioConfig::max_samples() const {
  return max_seconds > 0 ? seconds_to_samples(max_seconds, sample_rate) : 0;
}

std::string AudioConfig::to_string() const {
  std::ostringstream out;
  out << "audio: sample_rate=" << sample_rate << " max_seconds=" << max_seconds
      << " normalize=" << (normalize ? "true" : "false")
      << " required_input_rate=" << required_input_rate << " pad=" << (pad ? "true" : "false");
  return out.str();
}

Waveform load_utterance(const std::filesystem::path& path, const AudioConfig& config) {
  config.validate();
  Waveform wave = read_audio(path, config.required_input_rate);
  try {
    wave = resample(wave, config.sample_rate);
  } catch (const Error& e) {
    throw Error("audio file " + path.string() + ": " + e.what());
  }
  const size_t length = config.max_samples();
  if (length > 0) wave.samples.resize(std::min(length, wave.samples.size()));
  if (config.normalize) normalize_in_place(wave.samples);
  if (length > 0 && config.pad) crop_or_pad_in_place(wave.samples, length);
  return wave;
}

}  // namespace emoforget::audio
