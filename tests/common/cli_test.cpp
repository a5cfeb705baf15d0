#include <gtest/gtest.h>

#include <algorithm>

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

TEST(Cli, BadFlagValuesGetOneLineInWords) {
  const auto threads = run_cli({"--threads", "-1", "info"});
  EXPECT_EQ(threads.exit_code, 1);
  EXPECT_EQ(threads.err, "emoforget: error: --threads must be 0 (all cores) or more, got -1\n");
  const auto batch = run_cli({"evaluate", "--model", "m", "--manifest", "x.csv", "--batch", "0"});
  EXPECT_EQ(batch.exit_code, 1);
  EXPECT_EQ(batch.err, "emoforget: error: --batch must be 1 or more, got 0\n");
  const auto list = run_cli({"forget", "--model", "m", "--manifest", "x.csv", "--out", "o",
                             "--forget-random", "1", "--eval-splits", "val,,test"});
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_EQ(list.err,
            "emoforget: error: --eval-splits: empty item in 'val,,test' (give a "
            "comma-separated list)\n");
  const auto type = run_cli({"evaluate", "--model", "m", "--manifest", "x.csv", "--batch", "two"});
  EXPECT_EQ(type.exit_code, 1);
  EXPECT_EQ(type.err.find("emoforget: error: "), 0u) << type.err;
  EXPECT_NE(type.err.find("--batch"), std::string::npos) << type.err;
  EXPECT_EQ(std::count(type.err.begin(), type.err.end(), '\n'), 1) << type.err;
}

TEST(Cli, EveryModelCommandTakesTheSharedRunFlags) {
  for (const char* command :
       {"finetune", "evaluate", "predict", "forget", "audit", "reproduce", "demo"}) {
    const auto help = run_cli({command, "--help"});
    ASSERT_EQ(help.exit_code, 0) << command;
    for (const char* flag : {"--device", "--bf16", "--max-seconds"}) {
      EXPECT_NE(help.out.find(flag), std::string::npos) << command << " lacks " << flag;
    }
    EXPECT_NE(help.out.find(std::string(command) == "predict" ? "--batch-size" : "--batch"),
              std::string::npos)
        << command;
  }
}

}  // namespace
}  // namespace emoforget
