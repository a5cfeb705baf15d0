#include "common/child_environment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

namespace emoforget {
namespace {

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(ChildEnvironment, DropsTheRunsVariablesAndAddsTheGivenOnes) {
  setenv("RANK", "1", 1);
  setenv("MASTER_PORT", "29500", 1);
  setenv("EMOFORGET_CHILD_ENV_TEST", "kept", 1);
  const std::vector<std::string> lines = child_environment({"RANK=3"});
  unsetenv("RANK");
  unsetenv("MASTER_PORT");
  unsetenv("EMOFORGET_CHILD_ENV_TEST");
  EXPECT_TRUE(has(lines, "EMOFORGET_CHILD_ENV_TEST=kept"));
  EXPECT_FALSE(has(lines, "RANK=1"));
  EXPECT_FALSE(has(lines, "MASTER_PORT=29500"));
  EXPECT_TRUE(has(lines, "RANK=3"));
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [](const std::string& l) { return l.rfind("RANK=", 0) == 0; }),
            1);
}

}  // namespace
}  // namespace emoforget
