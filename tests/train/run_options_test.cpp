// The run options every model command shares: checks in words, JSON form, audio.
#include "train/run_options.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget::train {
namespace {

std::string error_of(const RunOptions& run, const RunOptions::Rules& rules = {}) {
  try {
    run.validate(rules);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(RunOptions, BadValuesAreNamedWithTheFlagAndTheValue) {
  RunOptions run;
  EXPECT_EQ(error_of(run), "");
  run.batch = 0;
  EXPECT_EQ(error_of(run), "--batch must be 1 or more, got 0");
  RunOptions::Rules predict;
  predict.batch_flag = "--batch-size";
  predict.full_length_allowed = true;
  EXPECT_EQ(error_of(run, predict), "--batch-size must be 1 or more, got 0");
  run.batch = 4;
  run.max_seconds = 0;
  EXPECT_EQ(error_of(run), "--max-seconds must be more than 0, got 0.000000");
  EXPECT_EQ(error_of(run, predict), "") << "inference may keep every clip at full length";
  run.max_seconds = -1;
  EXPECT_NE(error_of(run, predict).find("--max-seconds must be 0 (full length) or more"),
            std::string::npos);
  run.max_seconds = 1;
  run.device.device = "tpu";
  EXPECT_NE(error_of(run).find("--device: unknown device 'tpu'"), std::string::npos);
  run.device.device = "cpu";
  run.device.bf16 = true;
  EXPECT_NE(error_of(run).find("--bf16 needs --device cuda"), std::string::npos);
}

TEST(RunOptions, JsonCarriesEveryOptionAndAudioTheClipLength) {
  RunOptions run;
  run.batch = 8;
  run.max_seconds = 1.5;
  run.seed = 42;
  nlohmann::json j = {{"command", "x"}};
  run.add_to_json(j);
  EXPECT_EQ(j["batch"], 8);
  EXPECT_EQ(j["max_seconds"], 1.5);
  EXPECT_EQ(j["seed"], 42);
  EXPECT_EQ(j["device"], "cpu");
  EXPECT_EQ(j["bf16"], false);
  EXPECT_EQ(j["command"], "x");
  EXPECT_EQ(run.audio().max_samples(), 24000u);
  EXPECT_TRUE(run.audio().normalize);
}

}  // namespace
}  // namespace emoforget::train
