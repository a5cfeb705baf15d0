#include "audio/write_wav.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "common/atomic_write.h"
#include "common/error.h"

namespace emoforget::audio {
namespace fs = std::filesystem;

namespace {

// 16-bit full scale; -1 maps to -32767 so that the range is symmetric.
constexpr float kPcm16Scale = 32767.0F;
constexpr sf_count_t kChunkFrames = 8192;

struct SndfileCloser {
  SNDFILE* file = nullptr;
  ~SndfileCloser() {
    if (file != nullptr) sf_close(file);
  }
};

std::vector<int16_t> to_pcm16(const fs::path& path, const std::vector<float>& samples) {
  std::vector<int16_t> pcm(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    const float x = samples[i];
    if (!std::isfinite(x)) {
      throw Error("cannot write WAV file " + path.string() + ": sample " + std::to_string(i) +
                  " is " + std::to_string(x) + " (NaN/Inf); check the waveform before writing");
    }
    pcm[i] = static_cast<int16_t>(std::lrint(std::clamp(x, -1.0F, 1.0F) * kPcm16Scale));
  }
  return pcm;
}

void write_pcm16(const fs::path& tmp, const fs::path& path, const std::vector<int16_t>& pcm,
                 int sample_rate) {
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SndfileCloser out;
  out.file = sf_open(tmp.c_str(), SFM_WRITE, &info);
  if (out.file == nullptr) {
    throw Error("cannot write WAV file " + path.string() + ": " + sf_strerror(nullptr));
  }
  // Keep the bytes a pure function of the samples: no PEAK chunk (it carries a
  // timestamp) and no string chunks.
  sf_command(out.file, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
  const auto total = static_cast<sf_count_t>(pcm.size());
  for (sf_count_t done = 0; done < total;) {
    const sf_count_t n = std::min(kChunkFrames, total - done);
    const sf_count_t written = sf_write_short(out.file, pcm.data() + done, n);
    if (written != n) {
      throw Error("cannot write WAV file " + path.string() + ": " + sf_strerror(out.file) +
                  " (disk full?)");
    }
    done += n;
  }
  SNDFILE* file = out.file;
  out.file = nullptr;
  if (sf_close(file) != 0) throw Error("cannot write WAV file " + path.string() + ": close failed");
}

}  // namespace

void write_wav(const fs::path& path, const std::vector<float>& samples, int sample_rate) {
  if (sample_rate <= 0) {
    throw Error("cannot write WAV file " + path.string() +
                ": sample_rate = " + std::to_string(sample_rate) + " must be positive");
  }
  const std::vector<int16_t> pcm = to_pcm16(path, samples);
  try {
    write_atomic_with(path, [&](const fs::path& tmp) { write_pcm16(tmp, path, pcm, sample_rate); });
  } catch (const Error& e) {
    const std::string what = e.what();
    if (what.find(path.string()) != std::string::npos) throw;
    throw Error("cannot write WAV file " + path.string() + ": " + what);
  }
}

}  // namespace emoforget::audio
