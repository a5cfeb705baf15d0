// read_audio: formats, mono mixing, native rate, strict rate, and every error
// naming the file.
#include "audio/read_audio.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "audio/sound_files.h"
#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::audio {
namespace {

using emoforget::testing::interleave;
using emoforget::testing::sine;
using emoforget::testing::TempDir;
using emoforget::testing::write_sound_file;

constexpr int kWavFloat = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
constexpr int kWav16 = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
constexpr int kFlac16 = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;

TEST(ReadAudio, MixesStereoToTheExactChannelMean) {
  TempDir dir;
  const std::vector<float> left = sine(300.0, 0.6, 0.2, 8000);
  const std::vector<float> right = sine(1100.0, 0.3, 0.2, 8000);
  write_sound_file(dir / "stereo.wav", interleave(left, right), 2, 8000, kWavFloat);
  const Waveform wave = read_audio(dir / "stereo.wav");
  EXPECT_EQ(wave.sample_rate, 8000);
  ASSERT_EQ(wave.samples.size(), left.size());
  for (size_t i = 0; i < left.size(); ++i) {
    const auto expected =
        static_cast<float>((static_cast<double>(left[i]) + static_cast<double>(right[i])) / 2);
    ASSERT_EQ(wave.samples[i], expected) << "frame " << i;
  }
}

TEST(ReadAudio, OppositeChannelsCancelAndFourChannelsAverage) {
  TempDir dir;
  const std::vector<float> tone = sine(440.0, 0.5, 0.1, 16000);
  std::vector<float> negated(tone.size());
  for (size_t i = 0; i < tone.size(); ++i)
    negated[i] = -tone[i];
  write_sound_file(dir / "cancel.wav", interleave(tone, negated), 2, 16000, kWavFloat);
  for (float x : read_audio(dir / "cancel.wav").samples)
    ASSERT_EQ(x, 0.0F);

  // Four float channels average to their mean, computed in double.
  std::vector<float> quad;
  for (int i = 0; i < 50; ++i)
    quad.insert(quad.end(), {0.1F, 0.2F, 0.3F, 0.6F});
  write_sound_file(dir / "quad.wav", quad, 4, 16000, kWavFloat);
  const Waveform wave = read_audio(dir / "quad.wav");
  ASSERT_EQ(wave.samples.size(), 50U);
  const double mean = (0.1F + static_cast<double>(0.2F) + 0.3F + 0.6F) / 4;
  for (float x : wave.samples)
    ASSERT_EQ(x, static_cast<float>(mean));
}

TEST(ReadAudio, ReadsWavAndFlacAtTheirNativeRates) {
  TempDir dir;
  for (const int rate : {8000, 22050, 44100, 48000}) {
    const std::vector<float> tone = sine(440.0, 0.5, 0.1, rate);
    for (const auto& [name, format] :
         std::vector<std::pair<std::string, int>>{{".wav", kWav16}, {".flac", kFlac16}}) {
      const auto path = dir / ("tone_" + std::to_string(rate) + name);
      write_sound_file(path, tone, 1, rate, format);
      const Waveform wave = read_audio(path);
      EXPECT_EQ(wave.sample_rate, rate) << path;
      ASSERT_EQ(wave.samples.size(), tone.size()) << path;
      for (size_t i = 0; i < tone.size(); ++i) {
        ASSERT_NEAR(wave.samples[i], tone[i], 2.0 / 32768) << path << " sample " << i;
      }
    }
  }
}

TEST(ReadAudio, StrictRateAcceptsTheMatchingRate) {
  TempDir dir;
  write_sound_file(dir / "ok.wav", sine(440.0, 0.5, 0.05, 16000), 1, 16000, kWav16);
  EXPECT_EQ(read_audio(dir / "ok.wav", 16000).sample_rate, 16000);
}

TEST(ReadAudio, ParallelDecodesMatchSerialOnes) {
  TempDir dir;
  std::vector<std::filesystem::path> paths;
  for (int i = 0; i < 8; ++i) {
    paths.push_back(dir / ("f" + std::to_string(i) + ".flac"));
    const std::vector<float> left = sine(200.0 + 50 * i, 0.4, 0.2, 22050);
    const std::vector<float> right = sine(700.0 + 30 * i, 0.2, 0.2, 22050);
    write_sound_file(paths.back(), interleave(left, right), 2, 22050, kFlac16);
  }
  std::vector<Waveform> serial;
  for (const auto& p : paths)
    serial.push_back(read_audio(p));
  std::vector<Waveform> parallel(paths.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < paths.size(); ++i) {
    threads.emplace_back([&, i] { parallel[i] = read_audio(paths[i]); });
  }
  for (auto& t : threads)
    t.join();
  for (size_t i = 0; i < paths.size(); ++i)
    EXPECT_EQ(parallel[i].samples, serial[i].samples);
}

// Asserts that reading `path` throws an Error naming the file and containing
// `fragment`.
void expect_read_error(const std::filesystem::path& path, const std::string& fragment,
                       int required_rate = kAnySampleRate) {
  try {
    read_audio(path, required_rate);
    FAIL() << "no error reading " << path;
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path.string()), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

TEST(ReadAudioErrors, MissingFile) {
  TempDir dir;
  expect_read_error(dir / "nowhere.wav", "not found");
}

TEST(ReadAudioErrors, Folder) {
  TempDir dir;
  std::filesystem::create_directory(dir / "folder.wav");
  expect_read_error(dir / "folder.wav", "not a regular file");
}

TEST(ReadAudioErrors, ZeroByteFile) {
  TempDir dir;
  emoforget::testing::write_text(dir / "empty.wav", "");
  expect_read_error(dir / "empty.wav", "empty (0 bytes)");
}

TEST(ReadAudioErrors, ZeroFrameWav) {
  TempDir dir;
  write_sound_file(dir / "noframes.wav", {}, 1, 16000, kWav16);
  ASSERT_GT(std::filesystem::file_size(dir / "noframes.wav"), 0U);
  expect_read_error(dir / "noframes.wav", "0 frames");
}

TEST(ReadAudioErrors, GarbageBytesWithWavNameCarryLibsndfileReason) {
  TempDir dir;
  std::string garbage;
  for (int i = 0; i < 3000; ++i)
    garbage.push_back(static_cast<char>((i * 7919 + 13) % 251));
  emoforget::testing::write_text(dir / "garbage.wav", garbage);
  // The message carries libsndfile's own reason for the same file.
  SF_INFO info{};
  SNDFILE* f = sf_open((dir / "garbage.wav").c_str(), SFM_READ, &info);
  ASSERT_EQ(f, nullptr);
  const std::string reason = sf_strerror(nullptr);
  expect_read_error(dir / "garbage.wav", "cannot decode");
  expect_read_error(dir / "garbage.wav", reason);
}

TEST(ReadAudioErrors, TruncatedWavHeader) {
  TempDir dir;
  write_sound_file(dir / "full.wav", sine(440.0, 0.5, 0.1, 16000), 1, 16000, kWav16);
  const std::string bytes = emoforget::testing::read_text(dir / "full.wav");
  emoforget::testing::write_text(dir / "cut.wav", bytes.substr(0, 20));
  expect_read_error(dir / "cut.wav", "cannot decode");
}

TEST(ReadAudioErrors, NaNSampleInFloatWav) {
  TempDir dir;
  std::vector<float> frames =
      interleave(sine(440.0, 0.5, 0.1, 16000), sine(440.0, 0.5, 0.1, 16000));
  frames[2 * 100 + 1] = std::numeric_limits<float>::quiet_NaN();
  write_sound_file(dir / "nan.wav", frames, 2, 16000, kWavFloat);
  expect_read_error(dir / "nan.wav", "NaN at frame 100, channel 1");
}

TEST(ReadAudioErrors, InfSampleInFloatWav) {
  TempDir dir;
  std::vector<float> frames = sine(440.0, 0.5, 0.1, 16000);
  frames[7] = -std::numeric_limits<float>::infinity();
  write_sound_file(dir / "inf.wav", frames, 1, 16000, kWavFloat);
  expect_read_error(dir / "inf.wav", "-Inf at frame 7");
}

TEST(ReadAudioErrors, StrictRateMismatchNamesBothRates) {
  TempDir dir;
  write_sound_file(dir / "fast.wav", sine(440.0, 0.5, 0.05, 44100), 1, 44100, kWav16);
  expect_read_error(dir / "fast.wav", "sample rate 44100 Hz, expected 16000 Hz", 16000);
  EXPECT_EQ(read_audio(dir / "fast.wav").sample_rate, 44100);  // lenient by default
}

}  // namespace
}  // namespace emoforget::audio
