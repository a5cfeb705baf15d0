#include "common/side_by_side.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "support/test_support.h"

namespace emoforget {
namespace {
namespace fs = std::filesystem;

SideJob shell(const std::string& name, const std::string& script, const fs::path& dir) {
  return {name, {"/bin/sh", "-c", script}, dir / "logs" / (name + ".log")};
}

// Lane a waits for lane b's first job to have started: only jobs that run at the
// same time can both finish.
TEST(SideBySide, LanesRunAtTheSameTimeAndJobsOfALaneInOrder) {
  testing::TempDir dir;
  const std::string d = dir.path().string();
  const std::string wait_for_b = "i=0; while [ ! -f " + d +
                                 "/b ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; "
                                 "test -f " +
                                 d + "/b";
  std::vector<SideLane> lanes = {
      {shell("a1", "touch " + d + "/a && " + wait_for_b + " && echo one > " + d + "/chain",
             dir.path()),
       shell("a2", "cat " + d + "/chain && echo two >> " + d + "/chain", dir.path())},
      {shell("b1", "touch " + d + "/b; echo hello", dir.path())},
  };
  std::vector<std::string> finished;
  const auto seconds =
      run_side_by_side(lanes, [&](const SideJob& job, double) { finished.push_back(job.name); });
  ASSERT_EQ(seconds.size(), 3u);
  EXPECT_EQ(testing::read_text(dir / "chain"), "one\ntwo\n");
  EXPECT_EQ(testing::read_text(dir / "logs" / "a2.log"), "one\n") << "a2 ran after a1";
  EXPECT_EQ(testing::read_text(dir / "logs" / "b1.log"), "hello\n");
  EXPECT_EQ(finished.size(), 3u);
  EXPECT_EQ(finished.back(), "a2");
}

TEST(SideBySide, AFailedJobStopsTheOthersAndNamesItself) {
  testing::TempDir dir;
  const std::string d = dir.path().string();
  std::vector<SideLane> lanes = {
      {shell("slow", "sleep 30; touch " + d + "/slow-done", dir.path())},
      {shell("broken", "echo 'bad input: x.wav'; exit 3", dir.path()),
       shell("after", "touch " + d + "/after", dir.path())},
  };
  try {
    run_side_by_side(lanes);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("job broken failed (exit status 3): bad input: x.wav"), std::string::npos)
        << what;
  }
  EXPECT_FALSE(fs::exists(dir / "after")) << "the failed lane does not go on";
  EXPECT_FALSE(fs::exists(dir / "slow-done")) << "the other lane was stopped";
}

}  // namespace
}  // namespace emoforget
