// load_utterance: the full read -> mono -> 16 kHz -> crop -> normalise -> pad
// pipeline and AudioConfig validation.
#include "audio/load_utterance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "audio/crop_pad.h"
#include "audio/normalize.h"
#include "audio/read_audio.h"
#include "audio/resample.h"
#include "audio/sound_files.h"
#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::audio {
namespace {

using emoforget::testing::interleave;
using emoforget::testing::sine;
using emoforget::testing::TempDir;
using emoforget::testing::write_sound_file;

constexpr int kFlac16 = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
constexpr int kWav16 = SF_FORMAT_WAV | SF_FORMAT_PCM_16;

double mean_of(const std::vector<float>& x, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; ++i)
    s += x[i];
  return s / static_cast<double>(n);
}

double variance_of(const std::vector<float>& x, size_t n) {
  const double m = mean_of(x, n);
  double s = 0;
  for (size_t i = 0; i < n; ++i)
    s += (x[i] - m) * (x[i] - m);
  return s / static_cast<double>(n);
}

// 1.5 s stereo 44.1 kHz FLAC: a 440 Hz tone left, 880 Hz right, DC offset.
std::filesystem::path write_stereo_flac(const TempDir& dir) {
  std::vector<float> left = sine(440.0, 0.4, 1.5, 44100);
  std::vector<float> right = sine(880.0, 0.2, 1.5, 44100);
  for (float& v : left)
    v += 0.1F;
  const auto path = dir / "utt.flac";
  write_sound_file(path, interleave(left, right), 2, 44100, kFlac16);
  return path;
}

TEST(LoadUtterance, DefaultPipelineGives16kNormalisedMono) {
  TempDir dir;
  const auto path = write_stereo_flac(dir);
  const Waveform wave = load_utterance(path);
  EXPECT_EQ(wave.sample_rate, 16000);
  ASSERT_EQ(wave.samples.size(), 24000U);  // 1.5 s at 16 kHz
  EXPECT_NEAR(mean_of(wave.samples, wave.samples.size()), 0.0, 1e-5);
  EXPECT_NEAR(variance_of(wave.samples, wave.samples.size()), 1.0, 1e-4);
  // Equals the composition of the parts.
  std::vector<float> manual = resample(read_audio(path), 16000).samples;
  normalize_in_place(manual);
  EXPECT_EQ(wave.samples, manual);
}

TEST(LoadUtterance, MaxSecondsCropsBeforeNormalising) {
  TempDir dir;
  const auto path = write_stereo_flac(dir);
  AudioConfig config;
  config.max_seconds = 0.5;
  const Waveform wave = load_utterance(path, config);
  ASSERT_EQ(wave.samples.size(), 8000U);
  EXPECT_NEAR(mean_of(wave.samples, 8000), 0.0, 1e-5);
  EXPECT_NEAR(variance_of(wave.samples, 8000), 1.0, 1e-4);
  std::vector<float> manual = resample(read_audio(path), 16000).samples;
  manual.resize(8000);
  normalize_in_place(manual);
  EXPECT_EQ(wave.samples, manual);
}

TEST(LoadUtterance, MaxSecondsZeroPadsAfterNormalising) {
  TempDir dir;
  const auto path = write_stereo_flac(dir);
  AudioConfig config;
  config.max_seconds = 2.0;
  const Waveform wave = load_utterance(path, config);
  ASSERT_EQ(wave.samples.size(), 32000U);
  // The 24000 real samples are normalised on their own; the padding is exact zeros.
  EXPECT_NEAR(mean_of(wave.samples, 24000), 0.0, 1e-5);
  EXPECT_NEAR(variance_of(wave.samples, 24000), 1.0, 1e-4);
  for (size_t i = 24000; i < 32000; ++i)
    ASSERT_EQ(wave.samples[i], 0.0F) << i;
}

TEST(LoadUtterance, PadOffKeepsTheTrueLength) {
  TempDir dir;
  const auto path = write_stereo_flac(dir);
  AudioConfig config;
  config.max_seconds = 2.0;
  const Waveform padded = load_utterance(path, config);
  config.pad = false;
  const Waveform wave = load_utterance(path, config);
  ASSERT_EQ(wave.samples.size(), 24000U) << "shorter than max_seconds: left short";
  for (size_t i = 0; i < wave.samples.size(); ++i)
    ASSERT_EQ(wave.samples[i], padded.samples[i]) << i;
  config.max_seconds = 1.0;
  EXPECT_EQ(load_utterance(path, config).samples.size(), 16000U) << "longer: still cropped";
}

TEST(LoadUtterance, NormaliseOffKeepsTheAmplitude) {
  TempDir dir;
  write_sound_file(dir / "tone.wav", sine(440.0, 0.5, 1.0, 22050), 1, 22050, kWav16);
  AudioConfig config;
  config.normalize = false;
  const Waveform wave = load_utterance(dir / "tone.wav", config);
  ASSERT_EQ(wave.samples.size(), 16000U);
  const std::vector<float> inner(wave.samples.begin() + 320, wave.samples.end() - 320);
  EXPECT_NEAR(emoforget::testing::rms(inner), 0.5 / std::sqrt(2.0), 0.005);
}

TEST(LoadUtterance, SilentFileGivesZerosNotNaN) {
  TempDir dir;
  write_sound_file(dir / "silent.wav", std::vector<float>(2 * 8000, 0.0F), 2, 8000, kWav16);
  const Waveform wave = load_utterance(dir / "silent.wav");
  ASSERT_EQ(wave.samples.size(), 16000U);
  for (float v : wave.samples)
    ASSERT_EQ(v, 0.0F);
}

TEST(LoadUtterance, StrictInputRateNamesFileAndRates) {
  TempDir dir;
  write_sound_file(dir / "x.wav", sine(440.0, 0.5, 0.1, 48000), 1, 48000, kWav16);
  AudioConfig config;
  config.required_input_rate = 16000;
  try {
    load_utterance(dir / "x.wav", config);
    FAIL() << "strict rate accepted 48000 Hz";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find((dir / "x.wav").string()), std::string::npos) << what;
    EXPECT_NE(what.find("48000"), std::string::npos) << what;
    EXPECT_NE(what.find("16000"), std::string::npos) << what;
  }
}

TEST(LoadUtterance, ReadErrorsNameTheFile) {
  TempDir dir;
  emoforget::testing::write_text(dir / "bad.wav", "this is not audio at all, just some text");
  for (const auto& name : {"missing.wav", "bad.wav"}) {
    try {
      load_utterance(dir / name);
      FAIL() << name;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find((dir / name).string()), std::string::npos) << e.what();
    }
  }
}

void expect_invalid(const AudioConfig& config, const std::string& fragment) {
  try {
    config.validate();
    FAIL() << "accepted " << config.to_string();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(AudioConfig, ValidateNamesTheFieldAndValue) {
  AudioConfig config;
  EXPECT_NO_THROW(config.validate());
  config.sample_rate = 0;
  expect_invalid(config, "sample_rate = 0");
  config = {};
  config.max_seconds = -1;
  expect_invalid(config, "max_seconds = -1");
  config.max_seconds = std::numeric_limits<double>::quiet_NaN();
  expect_invalid(config, "max_seconds = nan");
  config.max_seconds = 1e-6;
  expect_invalid(config, "shorter than one sample");
  config = {};
  config.required_input_rate = -16000;
  expect_invalid(config, "required_input_rate = -16000");
}

TEST(AudioConfig, MaxSamplesAndPrintableForm) {
  AudioConfig config;
  EXPECT_EQ(config.max_samples(), 0U);
  config.max_seconds = 2.5;
  EXPECT_EQ(config.max_samples(), 40000U);
  EXPECT_EQ(config.to_string(),
            "audio: sample_rate=16000 max_seconds=2.5 normalize=true required_input_rate=0 "
            "pad=true");
}

}  // namespace
}  // namespace emoforget::audio
