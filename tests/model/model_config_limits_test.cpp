// ModelConfig on hostile config.json files (fuzzing finds): a num_labels in the
// billions, integers beyond int64, text that is not JSON and strides whose product
// overflows each give one emoforget::Error naming the file or the key, never an
// allocation of gigabytes or an overflow.
#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "model/config.h"

namespace emoforget::model {
namespace {

// Asserts that parsing `text` throws an Error holding "cfg.json" and `fragment`.
void expect_config_error(const std::string& text, const std::string& fragment) {
  try {
    ModelConfig::from_text(text, "cfg.json");
    FAIL() << "no error for " << text;
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cfg.json"), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

TEST(ModelConfigLimits, NumLabelsInTheBillionsIsRefusedBeforeAnyLabelIsMade) {
  expect_config_error(R"({"model_type": "hubert", "num_labels": 55555555562})",
                      "num_labels is 55555555562; at most 65536 classes");
  EXPECT_EQ(ModelConfig::from_text(R"({"num_labels": 65536})", "cfg.json").num_labels(), 65536);
}

TEST(ModelConfigLimits, IntegersBeyondInt64AreNotIntegers) {
  expect_config_error(R"({"num_labels": 18446744073709551615})",
                      "\"num_labels\" must be an integer");
  expect_config_error(R"({"hidden_size": 9223372036854775808})",
                      "\"hidden_size\" must be an integer");
  expect_config_error(R"({"conv_stride": [5, 18446744073709551615]})",
                      "\"conv_stride\" must be an array of integers");
  EXPECT_EQ(
      ModelConfig::from_text(R"({"hidden_size": 9223372036854775807})", "cfg.json").hidden_size,
      9223372036854775807);
}

TEST(ModelConfigLimits, TextThatIsNotOneJsonValueIsRefused) {
  expect_config_error("", "not valid JSON");
  expect_config_error("{\"hidden_size\": 8", "not valid JSON");
  expect_config_error("{} trailing", "not valid JSON");
  expect_config_error("[1, 2]", "config must be a JSON object");
}

TEST(ModelConfigLimits, StridesWhoseProductOverflowsAreInvalid) {
  const ModelConfig huge =
      ModelConfig::from_text(R"({"conv_dim": [1, 1, 1], "conv_kernel": [1, 1, 1],)"
                             R"( "conv_stride": [4294967296, 4294967296, 4294967296]})",
                             "cfg.json");
  try {
    huge.validate();
    FAIL() << "no error for strides 2^32 x 3";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("conv_stride = [4294967296,4294967296,4294967296]"),
              std::string::npos)
        << e.what();
  }
  ModelConfig standard;  // strides 5,2,2,2,2,2,2
  standard.validate();
  EXPECT_EQ(standard.total_stride(), 320);
  ModelConfig largest = standard;
  largest.conv_stride = {1 << 12, 1 << 12, 1, 1, 1, 1, 1};
  largest.validate();
  EXPECT_EQ(largest.total_stride(), 1 << 24);
  largest.conv_stride[2] = 2;
  EXPECT_THROW(largest.validate(), Error);
}

}  // namespace
}  // namespace emoforget::model
