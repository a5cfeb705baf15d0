// Shared libsndfile decoding for files and memory buffers (see sndfile_decode.h).
#include "audio/sndfile_decode.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/error.h"

namespace emoforget::audio {
namespace {

constexpr sf_count_t kChunkFrames = 4096;
constexpr sf_count_t kMaxReservedFrames = sf_count_t{1} << 22;  // 16 MiB of samples

std::string describe_sample(float x) {
  if (std::isnan(x)) return "NaN";
  return x > 0 ? "+Inf" : "-Inf";
}

}  // namespace

size_t frames_to_reserve(sf_count_t header_frames) {
  if (header_frames <= 0) return 0;
  return static_cast<size_t>(std::min(header_frames, kMaxReservedFrames));
}

void check_required_rate(const std::string& name, int required_sample_rate) {
  if (required_sample_rate < 0) {
    throw Error("reading " + name + ": required_sample_rate = " +
                std::to_string(required_sample_rate) + " must be >= 0 (0 accepts any rate)");
  }
}

void throw_open_failure(const std::string& name) {
  // libsndfile reports open failures through a process-wide slot; the text may
  // be another thread's when two opens fail at the same moment.
  throw Error("cannot decode audio file " + name + ": " + sf_strerror(nullptr) +
              " (corrupt, or a format libsndfile does not read)");
}

Waveform decode_sndfile(SNDFILE* file, const SF_INFO& info, const std::string& name,
                        int required_sample_rate) {
  if (info.channels <= 0 || info.samplerate <= 0) {
    throw Error("audio file " + name +
                " has an invalid header: channels = " + std::to_string(info.channels) +
                ", sample rate = " + std::to_string(info.samplerate));
  }
  if (required_sample_rate != 0 && info.samplerate != required_sample_rate) {
    throw Error("audio file " + name + " has sample rate " + std::to_string(info.samplerate) +
                " Hz, expected " + std::to_string(required_sample_rate) +
                " Hz (resample it, or allow any rate)");
  }

  const int channels = info.channels;
  Waveform wave;
  wave.sample_rate = info.samplerate;
  wave.samples.reserve(frames_to_reserve(info.frames));
  std::vector<float> chunk(static_cast<size_t>(kChunkFrames) * channels);
  sf_count_t frame_index = 0;
  for (;;) {
    const sf_count_t got = sf_readf_float(file, chunk.data(), kChunkFrames);
    if (got <= 0) break;
    for (sf_count_t f = 0; f < got; ++f) {
      const float* frame = chunk.data() + f * channels;
      double sum = 0.0;
      for (int c = 0; c < channels; ++c) {
        if (!std::isfinite(frame[c])) {
          throw Error("audio file " + name + " contains a non-finite sample (" +
                      describe_sample(frame[c]) + " at frame " + std::to_string(frame_index + f) +
                      ", channel " + std::to_string(c) + "); re-export or repair the file");
        }
        sum += frame[c];
      }
      wave.samples.push_back(static_cast<float>(sum / channels));
    }
    frame_index += got;
  }
  if (sf_error(file) != SF_ERR_NO_ERROR) {
    throw Error("cannot decode audio file " + name + " after frame " + std::to_string(frame_index) +
                ": " + sf_strerror(file));
  }
  if (wave.samples.empty()) {
    throw Error("audio file has no samples (0 frames): " + name);
  }
  return wave;
}

}  // namespace emoforget::audio
