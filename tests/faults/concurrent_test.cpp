// Two runs writing the same --out at once: one wins, the other fails at once with one
// clear error naming the lock's holder, and the output is the winner's, whole.
#include <signal.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "faults/fault_fixture.h"
#include "support/cli_process.h"

namespace emoforget::testing {
namespace {
namespace fs = std::filesystem;

TEST(ConcurrentRuns, TheSecondWriterOfAnOutputFailsWithALockError) {
  FaultCorpus c;
  const fs::path out = c.dir / "model";
  const auto args = [&](const std::string& seed) {
    return std::vector<std::string>{"--threads",     "1",
                                    "--quiet",       "finetune",
                                    "--manifest",    c.manifest.string(),
                                    "--init",        c.init.string(),
                                    "--out",         out.string(),
                                    "--epochs",      "6",
                                    "--batch",       "4",
                                    "--max-seconds", "0.5",
                                    "--seed",        seed};
  };
  CliProcess first(args("1"));
  CliProcess second(args("2"));
  const CliResult a = first.wait();
  const CliResult b = second.wait();
  ASSERT_EQ((a.exit_code == 0) + (b.exit_code == 0), 1) << a.err << "\n---\n" << b.err;
  const CliResult& loser = a.exit_code == 0 ? b : a;
  EXPECT_EQ(loser.exit_code, 1);
  EXPECT_EQ(std::count(loser.err.begin(), loser.err.end(), '\n'), 1) << loser.err;
  EXPECT_NE(loser.err.find("emoforget: error: " + out.string() +
                           " is being written by another emoforget run (process "),
            std::string::npos)
      << loser.err;
  ASSERT_TRUE(complete_model_dir(out));
  // The winner's own weights: a run with its seed alone gives the same file.
  const std::string winner_seed = a.exit_code == 0 ? "1" : "2";
  const std::string winner_weights = read_text(out / "model.safetensors");
  fs::remove_all(out);
  CliProcess alone(args(winner_seed));
  ASSERT_EQ(alone.wait().exit_code, 0);
  EXPECT_EQ(read_text(out / "model.safetensors"), winner_weights);
  EXPECT_EQ(leftovers(c.dir.path()), std::vector<std::string>{});
}

TEST(ConcurrentRuns, AKilledHolderDoesNotBlockTheNextRun) {
  FaultCorpus c;
  const fs::path out = c.dir / "synthesised";
  CliProcess holder(
      {"--quiet", "synth", "--out", out.string(), "--speakers", "4", "--per-class", "4"});
  ASSERT_FALSE(holder.wait_for(0.3));
  holder.signal(SIGKILL);
  holder.wait();
  CliProcess next(
      {"--quiet", "synth", "--out", out.string(), "--speakers", "3", "--per-class", "1"});
  const CliResult result = next.wait();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(out / "manifest.csv"));
  EXPECT_EQ(leftovers(c.dir.path()), std::vector<std::string>{});
}

}  // namespace
}  // namespace emoforget::testing
