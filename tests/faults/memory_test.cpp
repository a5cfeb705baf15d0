// A run that cannot fit is refused with its estimate before it allocates, instead of
// being killed by the kernel; --max-memory lowers the limit; and the estimate a run
// reports is not below the memory it really used.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "faults/fault_fixture.h"
#include "support/cli_process.h"
#include "unlearn/method_info.h"

namespace emoforget::testing {
namespace {
namespace fs = std::filesystem;

void expect_refused(const CliResult& result, const std::string& what, const std::string& limit) {
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("emoforget: error: " + what + " needs about "), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("is allowed (" + limit + "); lower --batch or --max-seconds"),
            std::string::npos)
      << result.err;
}

TEST(Memory, Base256ClipsOf30SecondsAreRefusedBeforeAllocating) {
  FaultCorpus c;
  const fs::path out = c.dir / "model";
  CliProcess run({"--threads", "1", "--quiet", "finetune", "--manifest", c.manifest.string(),
                  "--preset", "base", "--out", out.string(), "--batch", "256", "--max-seconds",
                  "30", "--epochs", "1"});
  ASSERT_TRUE(run.wait_for(60)) << "not refused within a minute";
  const CliResult result = run.wait();
  expect_refused(result, "fine-tuning", "available memory");
  EXPECT_NE(result.err.find("TiB (activations "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("for training on batches of 256 clips of 30 s"), std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(c.dir / "model.train"));
}

TEST(Memory, MaxMemoryLowersTheLimitOfEveryCommand) {
  FaultCorpus c;
  const std::vector<std::string> limit = {"--threads", "1", "--quiet", "--max-memory", "64M"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), limit.begin(), limit.end());
    return run_cli(args);
  };
  expect_refused(with({"finetune", "--manifest", c.manifest.string(), "--init", c.init.string(),
                       "--out", (c.dir / "m").string(), "--epochs", "1", "--max-seconds", "0.5"}),
                 "fine-tuning", "--max-memory");
  expect_refused(
      with({"forget", "--model", c.init.string(), "--manifest", c.manifest.string(), "--out",
            (c.dir / "u").string(), "--forget-random", "2", "--max-seconds", "0.5"}),
      "unlearning with " + unlearn::default_method_name(), "--max-memory");
  expect_refused(with({"evaluate", "--model", c.init.string(), "--manifest", c.manifest.string(),
                       "--split", "test", "--max-seconds", "0.5"}),
                 "evaluation", "--max-memory");
  const CliResult bad = run_cli({"--max-memory", "lots", "info"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("--max-memory must be a size such as 512M"), std::string::npos) << bad.err;
}

TEST(Memory, TheEstimateIsNotBelowWhatTheRunUsed) {
  FaultCorpus c;
  const fs::path out = c.dir / "model";
  const CliResult result = run_cli({"--threads", "1", "--quiet", "finetune", "--manifest",
                                    c.manifest.string(), "--preset", "tiny", "--out", out.string(),
                                    "--batch", "16", "--max-seconds", "2", "--epochs", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(read_text(out / "report.json"));
  const double estimate = report["memory"]["estimate"]["total_bytes"].get<double>();
  const double peak = report["memory"]["peak_rss_bytes"].get<double>();
  EXPECT_GE(estimate, peak) << "estimate " << estimate << ", peak RSS " << peak;
  EXPECT_LE(estimate, 3 * peak) << "estimate " << estimate << ", peak RSS " << peak;
}

}  // namespace
}  // namespace emoforget::testing
