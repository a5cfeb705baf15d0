// ModelConfig::from_text on hostile config.json files (fuzzing finds): a num_labels in
// the billions, integers beyond int64 and text that is not JSON each give one
// emoforget::Error naming the file and the key, never an allocation of gigabytes.
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

}  // namespace
}  // namespace emoforget::model
