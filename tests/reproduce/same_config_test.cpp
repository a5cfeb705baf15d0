// When a finished run may be reused: the settings asked for now, paths and the device aside.
#include "reproduce/same_config.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget::reproduce {
namespace {

const nlohmann::json kStored = {{"config",
                                 {{"method", "ranlab-stop"},
                                  {"lr", 0.001},
                                  {"epochs", 15},
                                  {"out", "old/runs/x"},
                                  {"device", "cpu"},
                                  {"seed", 0},
                                  {"variant", {{"wrong_labels", "random"}}}}}};

TEST(SameConfig, PathsAndTheDeviceMayDiffer) {
  const nlohmann::json expected = {{"method", "ranlab-stop"},
                                   {"lr", 0.001},
                                   {"epochs", 15},
                                   {"out", "new/runs/x"},
                                   {"device", "cuda"},
                                   {"seed", 0},
                                   {"variant", {{"wrong_labels", "random"}}}};
  EXPECT_NO_THROW(check_same_config(expected, kStored, "r/report.json"));
}

TEST(SameConfig, AnyOtherSettingMustMatch) {
  nlohmann::json expected = {{"method", "ranlab-stop"}, {"lr", 0.002}};
  try {
    check_same_config(expected, kStored, "r/report.json");
    FAIL() << "a different learning rate was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("r/report.json was made with lr = 0.001"),
              std::string::npos)
        << e.what();
  }
  expected = {{"lr", 0.0}};
  EXPECT_THROW(check_same_config(expected, kStored, "r/report.json"), Error);
  expected = {{"variant", {{"wrong_labels", "nearest"}}}};
  EXPECT_THROW(check_same_config(expected, kStored, "r/report.json"), Error);
}

TEST(SameConfig, KeysTheStoredRunLacksAreNotCompared) {
  const nlohmann::json expected = {{"method", "ranlab-stop"}, {"pgd", {{"m", 20}}}};
  EXPECT_NO_THROW(check_same_config(expected, kStored, "r/report.json"));
  EXPECT_NO_THROW(check_same_config(expected, nlohmann::json::object(), "r/report.json"));
}

}  // namespace
}  // namespace emoforget::reproduce
