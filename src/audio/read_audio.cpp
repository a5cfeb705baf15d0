#include "audio/read_audio.h"

#include <sndfile.h>

#include <cmath>
#include <string>
#include <system_error>
#include <vector>

#include "common/error.h"

namespace emoforget::audio {
namespace fs = std::filesystem;

namespace {

constexpr sf_count_t kChunkFrames = 4096;

struct SndfileCloser {
  SNDFILE* file = nullptr;
  ~SndfileCloser() {
    if (file != nullptr) sf_close(file);
  }
};

void check_exists(const fs::path& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    throw Error("audio file not found: " + path.string() + " (check the path or the manifest)");
  }
  if (!fs::is_regular_file(status)) {
    throw Error("audio path is not a regular file: " + path.string());
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) throw Error("cannot read audio file " + path.string() + ": " + ec.message());
  if (size == 0) throw Error("audio file is empty (0 bytes): " + path.string());
}

std::string describe_sample(float x) {
  if (std::isnan(x)) return "NaN";
  return x > 0 ? "+Inf" : "-Inf";
}

}  // namespace

Waveform read_audio(const fs::path& path, int required_sample_rate) {
  if (required_sample_rate < 0) {
    throw Error("reading " + path.string() + ": required_sample_rate = " +
                std::to_string(required_sample_rate) + " must be >= 0 (0 accepts any rate)");
  }
  check_exists(path);

  SF_INFO info{};
  SndfileCloser in;
  in.file = sf_open(path.c_str(), SFM_READ, &info);
  if (in.file == nullptr) {
    // libsndfile reports open failures through a process-wide slot; the text may
    // be another thread's when two opens fail at the same moment.
    throw Error("cannot decode audio file " + path.string() + ": " + sf_strerror(nullptr) +
                " (corrupt, or a format libsndfile does not read)");
  }
  if (info.channels <= 0 || info.samplerate <= 0) {
    throw Error("audio file " + path.string() +
                " has an invalid header: channels = " + std::to_string(info.channels) +
                ", sample rate = " + std::to_string(info.samplerate));
  }
  if (required_sample_rate != kAnySampleRate && info.samplerate != required_sample_rate) {
    throw Error("audio file " + path.string() + " has sample rate " +
                std::to_string(info.samplerate) + " Hz, expected " +
                std::to_string(required_sample_rate) + " Hz (resample it, or allow any rate)");
  }

  const int channels = info.channels;
  Waveform wave;
  wave.sample_rate = info.samplerate;
  if (info.frames > 0 && info.frames < (sf_count_t{1} << 32)) {
    wave.samples.reserve(static_cast<size_t>(info.frames));
  }
  std::vector<float> chunk(static_cast<size_t>(kChunkFrames) * channels);
  sf_count_t frame_index = 0;
  for (;;) {
    const sf_count_t got = sf_readf_float(in.file, chunk.data(), kChunkFrames);
    if (got <= 0) break;
    for (sf_count_t f = 0; f < got; ++f) {
      const float* frame = chunk.data() + f * channels;
      double sum = 0.0;
      for (int c = 0; c < channels; ++c) {
        if (!std::isfinite(frame[c])) {
          throw Error("audio file " + path.string() + " contains a non-finite sample (" +
                      describe_sample(frame[c]) + " at frame " + std::to_string(frame_index + f) +
                      ", channel " + std::to_string(c) + "); re-export or repair the file");
        }
        sum += frame[c];
      }
      wave.samples.push_back(static_cast<float>(sum / channels));
    }
    frame_index += got;
  }
  if (sf_error(in.file) != SF_ERR_NO_ERROR) {
    throw Error("cannot decode audio file " + path.string() + " after frame " +
                std::to_string(frame_index) + ": " + sf_strerror(in.file));
  }
  if (wave.samples.empty()) {
    throw Error("audio file has no samples (0 frames): " + path.string());
  }
  return wave;
}

}  // namespace emoforget::audio
