#include <gtest/gtest.h>

#include "support/test_support.h"

namespace emoforget {
namespace {
using testing::run_cli;

TEST(Cli, HelpListsSubcommands) {
  const auto r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("info"), std::string::npos);
  EXPECT_NE(r.out.find("--threads"), std::string::npos);
}

TEST(Cli, UnknownFlagFails) {
  const auto r = run_cli({"info", "--no-such-flag"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no-such-flag"), std::string::npos);
}

TEST(Cli, NoSubcommandFails) {
  EXPECT_NE(run_cli({}).exit_code, 0);
}

TEST(Cli, ThreadsAreApplied) {
  const auto r = run_cli({"info", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"threads\": 2"), std::string::npos) << r.out;
}

TEST(Cli, BadThreadsValueFails) {
  EXPECT_NE(run_cli({"info", "--threads", "-3"}).exit_code, 0);
}

}  // namespace
}  // namespace emoforget
