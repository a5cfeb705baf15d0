// write_wav: header layout, clipping, round trip through read_audio,
// byte-identical repeats, atomicity and errors.
#include "audio/write_wav.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "audio/read_audio.h"
#include "audio/sound_files.h"
#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::audio {
namespace {

using emoforget::testing::read_text;
using emoforget::testing::TempDir;

uint32_t u32(const std::string& b, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | static_cast<uint8_t>(b[at + i]);
  return v;
}
uint16_t u16(const std::string& b, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(b[at]) |
                               (static_cast<uint8_t>(b[at + 1]) << 8));
}
int16_t pcm_at(const std::string& b, size_t index) {
  return static_cast<int16_t>(u16(b, 44 + 2 * index));
}

TEST(WriteWav, WritesCanonicalMono16BitHeaderWithNoExtraChunks) {
  TempDir dir;
  const std::vector<float> samples = {0.0F, 0.5F, -0.5F, 0.25F, 1.0F};
  write_wav(dir / "a.wav", samples, 16000);
  const std::string bytes = read_text(dir / "a.wav");
  // RIFF header + fmt chunk (16 bytes) + data chunk: nothing else (no date,
  // PEAK or LIST chunk), so the size is exactly 44 + 2 bytes per sample.
  ASSERT_EQ(bytes.size(), 44 + 2 * samples.size());
  EXPECT_EQ(bytes.substr(0, 4), "RIFF");
  EXPECT_EQ(u32(bytes, 4), bytes.size() - 8);
  EXPECT_EQ(bytes.substr(8, 4), "WAVE");
  EXPECT_EQ(bytes.substr(12, 4), "fmt ");
  EXPECT_EQ(u32(bytes, 16), 16U);
  EXPECT_EQ(u16(bytes, 20), 1U);  // PCM
  EXPECT_EQ(u16(bytes, 22), 1U);  // mono
  EXPECT_EQ(u32(bytes, 24), 16000U);
  EXPECT_EQ(u32(bytes, 28), 16000U * 2);  // byte rate
  EXPECT_EQ(u16(bytes, 34), 16U);         // bits per sample
  EXPECT_EQ(bytes.substr(36, 4), "data");
  EXPECT_EQ(u32(bytes, 40), 2 * samples.size());
  EXPECT_EQ(pcm_at(bytes, 0), 0);
  EXPECT_EQ(pcm_at(bytes, 4), 32767);
  EXPECT_EQ(pcm_at(bytes, 1), -pcm_at(bytes, 2));
}

TEST(WriteWav, ClipsToUnitRange) {
  TempDir dir;
  write_wav(dir / "clip.wav", {2.0F, -3.0F, 1.0F, -1.0F, 1e30F}, 8000);
  const std::string bytes = read_text(dir / "clip.wav");
  EXPECT_EQ(pcm_at(bytes, 0), pcm_at(bytes, 2));
  EXPECT_EQ(pcm_at(bytes, 1), pcm_at(bytes, 3));
  EXPECT_EQ(pcm_at(bytes, 0), 32767);
  EXPECT_EQ(pcm_at(bytes, 1), -32767);
  EXPECT_EQ(pcm_at(bytes, 4), 32767);
}

TEST(WriteWav, RoundTripsThroughReadAudioWithin16BitQuantisation) {
  TempDir dir;
  const std::vector<float> samples = emoforget::testing::sine(440.0, 0.8, 0.25, 22050);
  write_wav(dir / "sine.wav", samples, 22050);
  const Waveform back = read_audio(dir / "sine.wav");
  EXPECT_EQ(back.sample_rate, 22050);
  ASSERT_EQ(back.samples.size(), samples.size());
  // Written as round(x * 32767), read as q / 32768: at most half a step of
  // rounding plus |x| / 32768 of scale difference.
  double max_diff = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    const double bound = 0.5 / 32767 + std::fabs(samples[i]) / 32768 + 1e-9;
    const double diff = std::fabs(back.samples[i] - samples[i]);
    max_diff = std::max(max_diff, diff);
    ASSERT_LE(diff, bound) << "sample " << i;
  }
  EXPECT_GT(max_diff, 0.0);  // it really went through 16 bits
}

TEST(WriteWav, RepeatWritesAreByteIdentical) {
  TempDir dir;
  const std::vector<float> samples = emoforget::testing::sine(1000.0, 0.3, 0.1, 16000);
  write_wav(dir / "one.wav", samples, 16000);
  write_wav(dir / "two.wav", samples, 16000);
  const std::string first = read_text(dir / "one.wav");
  write_wav(dir / "one.wav", samples, 16000);  // overwrite in place
  EXPECT_EQ(read_text(dir / "two.wav"), first);
  EXPECT_EQ(read_text(dir / "one.wav"), first);
}

TEST(WriteWav, EmptyInputGivesAValidHeaderOnlyFile) {
  TempDir dir;
  write_wav(dir / "empty.wav", {}, 16000);
  EXPECT_EQ(read_text(dir / "empty.wav").size(), 44U);
}

TEST(WriteWav, CreatesMissingParentFolders) {
  TempDir dir;
  write_wav(dir / "a" / "b" / "c.wav", {0.1F}, 16000);
  EXPECT_TRUE(std::filesystem::exists(dir / "a" / "b" / "c.wav"));
}

void expect_error_naming(const std::filesystem::path& path, const std::vector<float>& samples,
                         int rate, const std::string& fragment) {
  try {
    write_wav(path, samples, rate);
    FAIL() << "no error for " << path;
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path.string()), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

TEST(WriteWav, RejectsNonFiniteSamplesAndLeavesNoFile) {
  TempDir dir;
  expect_error_naming(dir / "nan.wav", {0.0F, std::numeric_limits<float>::quiet_NaN()}, 16000,
                      "sample 1");
  expect_error_naming(dir / "inf.wav", {std::numeric_limits<float>::infinity()}, 16000, "sample 0");
  EXPECT_TRUE(emoforget::testing::list_files(dir.path()).empty());
}

TEST(WriteWav, RejectsNonPositiveRate) {
  TempDir dir;
  expect_error_naming(dir / "rate.wav", {0.0F}, 0, "sample_rate = 0");
  expect_error_naming(dir / "rate.wav", {0.0F}, -8000, "sample_rate = -8000");
}

TEST(WriteWav, ErrorNamesTheFileWhenTheFolderCannotBeCreated) {
  TempDir dir;
  emoforget::testing::write_text(dir / "plain.txt", "not a folder");
  expect_error_naming(dir / "plain.txt" / "x.wav", {0.0F}, 16000, "cannot write WAV file");
}

}  // namespace
}  // namespace emoforget::audio
