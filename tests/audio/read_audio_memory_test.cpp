// read_audio_memory: the bytes of a file decode exactly as read_audio decodes the
// file, and bad bytes give the same errors, naming the source.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "audio/read_audio.h"
#include "audio/sound_files.h"
#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::audio {
namespace {

using emoforget::testing::interleave;
using emoforget::testing::read_text;
using emoforget::testing::sine;
using emoforget::testing::TempDir;
using emoforget::testing::write_sound_file;

Waveform decode(const std::string& bytes, int required_rate = kAnySampleRate) {
  return read_audio_memory(bytes.data(), bytes.size(), "memory-clip", required_rate);
}

// Asserts that decoding `bytes` throws an Error naming the source and holding `fragment`.
void expect_decode_error(const std::string& bytes, const std::string& fragment,
                         int required_rate = kAnySampleRate) {
  try {
    decode(bytes, required_rate);
    FAIL() << "no error decoding " << bytes.size() << " bytes";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("memory-clip"), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

TEST(ReadAudioMemory, WavAndFlacBytesDecodeToTheSameSamplesAsTheirFiles) {
  TempDir dir;
  const std::vector<float> frames =
      interleave(sine(300.0, 0.6, 0.3, 22050), sine(1100.0, 0.3, 0.3, 22050));
  for (const auto& [name, format] :
       std::vector<std::pair<std::string, int>>{{"clip.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT},
                                                {"clip16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16},
                                                {"clip.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16}}) {
    write_sound_file(dir / name, frames, 2, 22050, format);
    const Waveform from_file = read_audio(dir / name);
    const Waveform from_memory = decode(read_text(dir / name));
    EXPECT_EQ(from_memory.sample_rate, 22050) << name;
    ASSERT_EQ(from_memory.samples.size(), frames.size() / 2) << name;
    EXPECT_EQ(from_memory.samples, from_file.samples) << name;
  }
}

TEST(ReadAudioMemory, StrictRateMatchesAndMismatches) {
  TempDir dir;
  write_sound_file(dir / "fast.wav", sine(440.0, 0.5, 0.05, 44100), 1, 44100,
                   SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  const std::string bytes = read_text(dir / "fast.wav");
  EXPECT_EQ(decode(bytes, 44100).sample_rate, 44100);
  expect_decode_error(bytes, "sample rate 44100 Hz, expected 16000 Hz", 16000);
  expect_decode_error(bytes, "must be >= 0", -1);
}

TEST(ReadAudioMemoryErrors, EmptyGarbageAndTruncatedBytesThrowTheProjectError) {
  expect_decode_error("", "empty (0 bytes)");
  std::string garbage;
  for (int i = 0; i < 3000; ++i)
    garbage.push_back(static_cast<char>((i * 7919 + 13) % 251));
  expect_decode_error(garbage, "cannot decode");

  TempDir dir;
  write_sound_file(dir / "full.wav", sine(440.0, 0.5, 0.1, 16000), 1, 16000,
                   SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  expect_decode_error(read_text(dir / "full.wav").substr(0, 20), "cannot decode");
}

TEST(ReadAudioMemoryErrors, NaNSampleAndZeroFramesAreRefusedAsForFiles) {
  TempDir dir;
  std::vector<float> frames = sine(440.0, 0.5, 0.1, 16000);
  frames[9] = std::numeric_limits<float>::quiet_NaN();
  write_sound_file(dir / "nan.wav", frames, 1, 16000, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  expect_decode_error(read_text(dir / "nan.wav"), "NaN at frame 9, channel 0");

  write_sound_file(dir / "noframes.wav", {}, 1, 16000, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  expect_decode_error(read_text(dir / "noframes.wav"), "0 frames");
}

}  // namespace
}  // namespace emoforget::audio
