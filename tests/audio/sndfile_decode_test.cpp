// decode_sndfile's defences against headers that lie: the samples reserved up front
// are bounded, and a FLAC header claiming about 1.6 billion frames in 122 bytes (a
// fuzzing find that made the loader ask for 6.5 GB) decodes only what the bytes hold.
#include "audio/sndfile_decode.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "audio/read_audio.h"
#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::audio {
namespace {

TEST(SndfileDecode, ReservesWhatTheHeaderClaimsUpToFourMebiFrames) {
  EXPECT_EQ(frames_to_reserve(-1), 0U);
  EXPECT_EQ(frames_to_reserve(0), 0U);
  EXPECT_EQ(frames_to_reserve(16000), 16000U);
  EXPECT_EQ(frames_to_reserve(sf_count_t{1} << 22), size_t{1} << 22);
  EXPECT_EQ(frames_to_reserve(1644167232), size_t{1} << 22);
  EXPECT_EQ(frames_to_reserve(sf_count_t{1} << 62), size_t{1} << 22);
}

// The outcome of decoding: the samples, or the error's text.
std::string outcome(const std::function<Waveform()>& decode) {
  try {
    const Waveform wave = decode();
    EXPECT_LT(wave.samples.size(), size_t{1} << 22);
    return "decoded " + std::to_string(wave.samples.size()) + " frames";
  } catch (const Error& e) {
    return std::string("error: ") + e.what();
  }
}

TEST(SndfileDecode, FlacClaimingABillionFramesGivesTheSameOutcomeFromFileAndMemory) {
  const auto path = emoforget::testing::fixture("audio/flac_claims_1g_frames.flac");
  const std::string bytes = emoforget::testing::read_text(path);
  ASSERT_EQ(bytes.size(), 122U);
  const std::string from_file = outcome([&] { return read_audio(path); });
  const std::string from_memory =
      outcome([&] { return read_audio_memory(bytes.data(), bytes.size(), path.string()); });
  EXPECT_EQ(from_file, from_memory);
}

}  // namespace
}  // namespace emoforget::audio
