// crop_pad: crop keeps the start, pad appends zeros, seconds -> samples.
#include "audio/crop_pad.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "common/error.h"

namespace emoforget::audio {
namespace {

TEST(CropPad, CropKeepsTheFirstSamples) {
  EXPECT_EQ(cropped_or_padded({1, 2, 3, 4, 5}, 3), (std::vector<float>{1, 2, 3}));
}

TEST(CropPad, PadAppendsZeros) {
  EXPECT_EQ(cropped_or_padded({1, 2}, 5), (std::vector<float>{1, 2, 0, 0, 0}));
}

TEST(CropPad, SameLengthAndZeroLength) {
  EXPECT_EQ(cropped_or_padded({1, 2, 3}, 3), (std::vector<float>{1, 2, 3}));
  EXPECT_TRUE(cropped_or_padded({1, 2, 3}, 0).empty());
  std::vector<float> x;
  crop_or_pad_in_place(x, 4);
  EXPECT_EQ(x, (std::vector<float>(4, 0.0F)));
}

TEST(CropPad, SecondsToSamplesRoundsToNearest) {
  EXPECT_EQ(seconds_to_samples(1.0, 16000), 16000U);
  EXPECT_EQ(seconds_to_samples(0.5, 44100), 22050U);
  EXPECT_EQ(seconds_to_samples(0.0, 16000), 0U);
  EXPECT_EQ(seconds_to_samples(1.0 / 3.0, 16000), 5333U);   // 5333.33
  EXPECT_EQ(seconds_to_samples(2.0 / 3.0, 16000), 10667U);  // 10666.67
}

TEST(CropPad, SecondsToSamplesRejectsBadInput) {
  EXPECT_THROW(seconds_to_samples(-1.0, 16000), Error);
  EXPECT_THROW(seconds_to_samples(std::nan(""), 16000), Error);
  EXPECT_THROW(seconds_to_samples(std::numeric_limits<double>::infinity(), 16000), Error);
  EXPECT_THROW(seconds_to_samples(1.0, 0), Error);
}

}  // namespace
}  // namespace emoforget::audio
