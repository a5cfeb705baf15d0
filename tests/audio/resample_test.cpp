// resample: output length, a tone keeps its frequency and energy through
// 8k/22.05k/44.1k/48k -> 16k, content above the new Nyquist is removed.
#include "audio/resample.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "audio/read_audio.h"
#include "audio/sound_files.h"
#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::audio {
namespace {

using emoforget::testing::peak_frequency;
using emoforget::testing::rms;
using emoforget::testing::sine;
using emoforget::testing::tone_amplitude;

constexpr int kTarget = 16000;

TEST(Resample, LengthFollowsTheRateRatio) {
  EXPECT_EQ(resampled_length(44100, 44100, 16000), 16000U);
  EXPECT_EQ(resampled_length(48000, 48000, 16000), 16000U);
  EXPECT_EQ(resampled_length(8000, 8000, 16000), 16000U);
  EXPECT_EQ(resampled_length(22050, 22050, 16000), 16000U);
  EXPECT_EQ(resampled_length(100, 22050, 16000), 73U);  // 72.56 rounds up
  EXPECT_EQ(resampled_length(0, 44100, 16000), 0U);
}

TEST(Resample, SameRateIsACopyAndEmptyStaysEmpty) {
  const std::vector<float> x = sine(440.0, 0.5, 0.01, kTarget);
  EXPECT_EQ(resample(x, kTarget, kTarget), x);
  EXPECT_TRUE(resample(std::vector<float>{}, 44100, kTarget).empty());
}

// One second of a 440 Hz and a 3 kHz tone mixed, at each input rate: the
// output has the ratio length, the tones' amplitudes (away from the filter
// edges) and the strongest frequency unchanged.
class ResampleRates : public ::testing::TestWithParam<int> {};

TEST_P(ResampleRates, ToneSurvivesConversionTo16k) {
  const int rate = GetParam();
  std::vector<float> x = sine(440.0, 0.5, 1.0, rate);
  const std::vector<float> high = sine(3000.0, 0.2, 1.0, rate);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] += high[i];

  const std::vector<float> y = resample(x, rate, kTarget);
  ASSERT_EQ(y.size(), static_cast<size_t>(kTarget));
  EXPECT_EQ(peak_frequency(y, kTarget, 10.0), 440.0);
  // Skip 20 ms at each end (filter transients), compare the steady state.
  const size_t edge = kTarget / 50;
  const std::vector<float> inner(y.begin() + edge, y.end() - edge);
  const std::vector<float> inner_in(x.begin() + rate / 50, x.end() - rate / 50);
  EXPECT_NEAR(rms(inner) / rms(inner_in), 1.0, 0.01);
  EXPECT_NEAR(tone_amplitude(inner, 440.0, kTarget), 0.5, 0.01);
  EXPECT_NEAR(tone_amplitude(inner, 3000.0, kTarget), 0.2, 0.01);
}

INSTANTIATE_TEST_SUITE_P(InputRates, ResampleRates, ::testing::Values(8000, 22050, 44100, 48000),
                         [](const auto& info) { return std::to_string(info.param); });

TEST(Resample, RemovesContentAboveTheNewNyquist) {
  // A 12 kHz tone cannot exist at 16 kHz: it must be filtered, not aliased to 4 kHz.
  const std::vector<float> x = sine(12000.0, 0.5, 0.5, 48000);
  const std::vector<float> y = resample(x, 48000, kTarget);
  const std::vector<float> inner(y.begin() + 320, y.end() - 320);
  EXPECT_LT(rms(inner), 1e-3);
  EXPECT_LT(tone_amplitude(inner, 4000.0, kTarget), 1e-3);
}

TEST(Resample, WaveformOverloadCarriesTheNewRate) {
  const Waveform in{sine(440.0, 0.5, 0.5, 22050), 22050};
  const Waveform out = resample(in, kTarget);
  EXPECT_EQ(out.sample_rate, kTarget);
  EXPECT_EQ(out.samples.size(), resampled_length(in.samples.size(), 22050, kTarget));
  EXPECT_NEAR(out.seconds(), in.seconds(), 1.0 / kTarget);
}

TEST(Resample, RejectsNonPositiveRates) {
  const std::vector<float> x(10, 0.0F);
  EXPECT_THROW(resample(x, 0, kTarget), Error);
  EXPECT_THROW(resample(x, 44100, -1), Error);
  try {
    resample(x, -5, kTarget);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("from_rate = -5"), std::string::npos) << e.what();
  }
}

TEST(Resample, StereoFileAt44kEndsUpAsMono16kWithTheSameTone) {
  emoforget::testing::TempDir dir;
  const std::vector<float> left = sine(660.0, 0.4, 0.5, 44100);
  emoforget::testing::write_sound_file(dir / "s.flac", emoforget::testing::interleave(left, left),
                                       2, 44100, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
  const Waveform wave = resample(read_audio(dir / "s.flac"), kTarget);
  ASSERT_EQ(wave.samples.size(), resampled_length(left.size(), 44100, kTarget));
  EXPECT_EQ(peak_frequency(wave.samples, kTarget, 10.0), 660.0);
  const std::vector<float> inner(wave.samples.begin() + 320, wave.samples.end() - 320);
  EXPECT_NEAR(tone_amplitude(inner, 660.0, kTarget), 0.4, 0.01);
}

}  // namespace
}  // namespace emoforget::audio
