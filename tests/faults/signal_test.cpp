// Ctrl-C and SIGTERM: a run stops at its next step boundary with one error line that
// names the signal and says how to go on, exits 128 + the signal's number, writes nothing
// partial, and (finetune) resumes to the weights of an uninterrupted run.
#include <signal.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "faults/fault_fixture.h"
#include "support/cli_process.h"

namespace emoforget::testing {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> finetune_args(const FaultCorpus& c, const fs::path& out, bool resume) {
  std::vector<std::string> args = {"--threads",
                                   "1",
                                   "finetune",
                                   "--manifest",
                                   c.manifest.string(),
                                   "--init",
                                   c.init.string(),
                                   "--out",
                                   out.string(),
                                   "--epochs",
                                   "40",
                                   "--batch",
                                   "2",
                                   "--max-seconds",
                                   "0.5",
                                   "--lr",
                                   "5e-4"};
  if (resume) args.push_back("--resume");
  return args;
}

// Waits until the run's stderr shows that training began (its first epoch line).
void wait_for_training(CliProcess& run, const fs::path& out) {
  const fs::path state = fs::path(out.string() + ".train") / "last" / "state.json";
  for (int i = 0; i < 2000 && !fs::exists(state); ++i) {
    ASSERT_FALSE(run.wait_for(0.01)) << "the run ended before it was signalled";
  }
  ASSERT_TRUE(fs::exists(state)) << "no epoch finished within 20 s";
}

size_t error_lines(const std::string& err) {
  size_t count = 0;
  for (size_t at = err.find("emoforget: error:"); at != std::string::npos;
       at = err.find("emoforget: error:", at + 1)) {
    ++count;
  }
  return count;
}

TEST(Signals, CtrlCStopsFinetuneAtAStepAndResumeEndsWhereAnUninterruptedRunEnds) {
  FaultCorpus c;
  const fs::path reference = c.dir / "reference";
  CliProcess whole(finetune_args(c, reference, false));
  ASSERT_EQ(whole.wait().exit_code, 0);

  const fs::path out = c.dir / "model";
  CliProcess run(finetune_args(c, out, false));
  wait_for_training(run, out);
  run.signal(SIGINT);
  ASSERT_TRUE(run.wait_for(20)) << "SIGINT did not stop the run within 20 s";
  const CliResult stopped = run.wait();
  EXPECT_EQ(stopped.exit_code, 130) << stopped.err;
  EXPECT_EQ(error_lines(stopped.err), 1u) << stopped.err;
  EXPECT_NE(stopped.err.find("emoforget: error: interrupted by SIGINT during "), std::string::npos)
      << stopped.err;
  EXPECT_NE(stopped.err.find("rerun the same command with --resume"), std::string::npos)
      << stopped.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(leftovers(c.dir.path()), std::vector<std::string>{});

  CliProcess resumed(finetune_args(c, out, true));
  const CliResult done = resumed.wait();
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.err.find("finetune: resuming after epoch"), std::string::npos) << done.err;
  EXPECT_TRUE(same_bytes(out / "model.safetensors", reference / "model.safetensors"));
}

TEST(Signals, SigtermStopsForgetWithoutWritingItsOutput) {
  FaultCorpus c;
  const fs::path model = c.dir / "model";
  CliProcess train(finetune_args(c, model, false));
  ASSERT_EQ(train.wait().exit_code, 0);
  const auto model_before = file_digests(model);
  const fs::path out = c.dir / "unlearned";
  CliProcess run({"--threads",
                  "1",
                  "forget",
                  "--model",
                  model.string(),
                  "--manifest",
                  c.manifest.string(),
                  "--out",
                  out.string(),
                  "--method",
                  "adv-ewc",
                  "--forget-random",
                  "3",
                  "--m",
                  "8",
                  "--p",
                  "50",
                  "--epochs",
                  "20",
                  "--batch",
                  "2",
                  "--max-seconds",
                  "0.5",
                  "--lr",
                  "1e-3"});
  ASSERT_FALSE(run.wait_for(1.5)) << "forget ended before it was signalled";
  run.signal(SIGTERM);
  ASSERT_TRUE(run.wait_for(20)) << "SIGTERM did not stop the run within 20 s";
  const CliResult stopped = run.wait();
  EXPECT_EQ(stopped.exit_code, 143) << stopped.err;
  EXPECT_EQ(error_lines(stopped.err), 1u) << stopped.err;
  EXPECT_NE(stopped.err.find("emoforget: error: interrupted by SIGTERM during "), std::string::npos)
      << stopped.err;
  EXPECT_NE(stopped.err.find("nothing was written to --out; rerun the same command"),
            std::string::npos)
      << stopped.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(file_digests(model), model_before);
  EXPECT_EQ(leftovers(c.dir.path()), std::vector<std::string>{});
}

}  // namespace
}  // namespace emoforget::testing
