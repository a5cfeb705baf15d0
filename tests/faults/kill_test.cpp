// SIGKILL at random moments (10 per command, drawn from a fixed seed over the length of
// an uninterrupted run): finetune, forget, audit and reproduce leave their output absent
// or complete, never a mix, and their inputs untouched; finetune --resume and a rerun of
// reproduce then end with the same weights and tables as the uninterrupted run, and the
// finished runs leave no temporary or lock beside their outputs.
#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "faults/fault_fixture.h"
#include "support/cli_process.h"

namespace emoforget::testing {
namespace {
namespace fs = std::filesystem;

constexpr int kKills = 10;
// Kills that must land inside a run for a test to say anything: timing on a shared
// machine varies, so half rather than all.
constexpr int kLeastKilled = kKills / 2;

// Starts `args`, kills it with SIGKILL at `moment` seconds unless it ended before;
// returns whether it was killed.
bool run_and_kill(const std::vector<std::string>& args, double moment) {
  CliProcess run(args);
  const bool ended = run.wait_for(moment);
  if (!ended) run.signal(SIGKILL);
  const CliResult result = run.wait();
  if (ended) EXPECT_EQ(result.exit_code, 0) << result.err;
  return !ended;
}

// Runs `args` to its end and returns its wall seconds.
double run_whole(const std::vector<std::string>& args) {
  CliProcess run(args);
  const CliResult result = run.wait();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return run.elapsed();
}

std::vector<std::string> finetune_args(const FaultCorpus& c, const fs::path& out) {
  return {"--threads",     "1",
          "--quiet",       "finetune",
          "--manifest",    c.manifest.string(),
          "--init",        c.init.string(),
          "--out",         out.string(),
          "--epochs",      "8",
          "--batch",       "4",
          "--max-seconds", "0.5",
          "--lr",          "1e-3",
          "--resume"};
}

std::vector<std::string> forget_args(const FaultCorpus& c, const fs::path& model,
                                     const fs::path& out, const fs::path& cache) {
  std::vector<std::string> args = {"--threads",
                                   "1",
                                   "--quiet",
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
                                   "4",
                                   "--p",
                                   "4",
                                   "--epochs",
                                   "3",
                                   "--batch",
                                   "4",
                                   "--max-seconds",
                                   "0.5",
                                   "--lr",
                                   "1e-3",
                                   "--lambda-ewc",
                                   "1",
                                   "--overwrite"};
  if (!cache.empty()) {
    args.push_back("--pgd-cache");
    args.push_back(cache.string());
  }
  return args;
}

TEST(KillAtAnyPoint, FinetuneLeavesNoHalfModelAndResumesToTheSameWeights) {
  FaultCorpus c;
  const auto init_before = file_digests(c.init);
  const fs::path reference = c.dir / "reference";
  const double seconds = run_whole(finetune_args(c, reference));
  ASSERT_TRUE(complete_model_dir(reference));

  int killed = 0;
  int index = 0;
  for (const double moment : kill_moments(11, kKills, seconds)) {
    SCOPED_TRACE("kill at " + std::to_string(moment) + " s of " + std::to_string(seconds));
    const fs::path parent = c.dir / ("run" + std::to_string(index++));
    const fs::path out = parent / "model";
    killed += run_and_kill(finetune_args(c, out), moment);
    EXPECT_TRUE(!fs::exists(out) || complete_model_dir(out));
    EXPECT_EQ(file_digests(c.init), init_before);
    if (!fs::exists(out)) {
      const double rest = run_whole(finetune_args(c, out));  // --resume
      EXPECT_GT(rest, 0);
    }
    ASSERT_TRUE(complete_model_dir(out));
    EXPECT_TRUE(same_bytes(out / "model.safetensors", reference / "model.safetensors"));
    EXPECT_EQ(leftovers(parent), std::vector<std::string>{});
    EXPECT_FALSE(fs::exists(parent / "model.train")) << "the resume state outlived the run";
  }
  EXPECT_GE(killed, kLeastKilled) << "half the moments must fall inside a run";
}

TEST(KillAtAnyPoint, ForgetLeavesNoHalfModelOrCacheAndTheModelUntouched) {
  FaultCorpus c;
  const fs::path model = c.dir / "model";
  ASSERT_EQ(run_whole(finetune_args(c, model)) > 0, true);
  const auto model_before = file_digests(model);
  const fs::path reference = c.dir / "reference";
  const double seconds = run_whole(forget_args(c, model, reference, ""));
  ASSERT_TRUE(complete_model_dir(reference));

  const fs::path cache = c.dir / "pgd-cache";
  const fs::path out = c.dir / "out" / "unlearned";
  int killed = 0;
  for (const double moment : kill_moments(12, kKills, seconds)) {
    SCOPED_TRACE("kill at " + std::to_string(moment) + " s of " + std::to_string(seconds));
    if (fs::exists(out)) fs::remove_all(out);
    killed += run_and_kill(forget_args(c, model, out, cache), moment);
    EXPECT_TRUE(!fs::exists(out) || complete_model_dir(out));
    EXPECT_EQ(file_digests(model), model_before);
  }
  EXPECT_GE(killed, kLeastKilled);
  // A run after the kills (using whatever attack the killed runs cached) ends where an
  // uninterrupted run without a cache ends.
  run_whole(forget_args(c, model, out, cache));
  ASSERT_TRUE(complete_model_dir(out));
  EXPECT_TRUE(same_bytes(out / "model.safetensors", reference / "model.safetensors"));
  EXPECT_EQ(leftovers(c.dir / "out"), std::vector<std::string>{});
  EXPECT_EQ(leftovers(cache), std::vector<std::string>{});
}

TEST(KillAtAnyPoint, AuditWritesItsReportAndCertificateWholeOrNotAtAll) {
  FaultCorpus c;
  const fs::path model = c.dir / "model";
  run_whole(finetune_args(c, model));
  const fs::path unlearned = c.dir / "unlearned";
  run_whole(forget_args(c, model, unlearned, ""));
  const auto model_before = file_digests(model);
  const auto unlearned_before = file_digests(unlearned);
  const fs::path out = c.dir / "audit";
  const auto audit_args = [&] {
    return std::vector<std::string>{"--threads",     "1",
                                    "--quiet",       "audit",
                                    "--original",    model.string(),
                                    "--unlearned",   unlearned.string(),
                                    "--manifest",    c.manifest.string(),
                                    "--max-seconds", "0.5",
                                    "--report",      (out / "audit.json").string(),
                                    "--html",        (out / "certificate.html").string()};
  };
  const double seconds = run_whole(audit_args());
  const std::string html_end = "</html>";
  int killed = 0;
  for (const double moment : kill_moments(13, kKills, seconds)) {
    SCOPED_TRACE("kill at " + std::to_string(moment) + " s of " + std::to_string(seconds));
    fs::remove_all(out);
    killed += run_and_kill(audit_args(), moment);
    if (fs::exists(out / "audit.json")) {
      EXPECT_TRUE(nlohmann::json::parse(read_text(out / "audit.json")).contains("models"));
    }
    if (fs::exists(out / "certificate.html")) {
      const std::string html = read_text(out / "certificate.html");
      EXPECT_NE(html.rfind(html_end), std::string::npos);
    }
    EXPECT_EQ(file_digests(model), model_before);
    EXPECT_EQ(file_digests(unlearned), unlearned_before);
  }
  EXPECT_GE(killed, kLeastKilled);
}

TEST(KillAtAnyPoint, ReproduceRerunEndsWithTheUninterruptedTables) {
  FaultCorpus c;
  const auto reproduce_args = [&](const fs::path& out) {
    return std::vector<std::string>{"--threads",
                                    "1",
                                    "--quiet",
                                    "reproduce",
                                    "--manifest",
                                    c.manifest.string(),
                                    "--init",
                                    c.init.string(),
                                    "--out",
                                    out.string(),
                                    "--n",
                                    "2",
                                    "--tau",
                                    "0.1,0.3",
                                    "--methods",
                                    "ranlab,adv-ewc",
                                    "--settings",
                                    "train-val",
                                    "--m",
                                    "2",
                                    "--p",
                                    "2",
                                    "--epochs",
                                    "12",
                                    "--unlearn-epochs",
                                    "2",
                                    "--lr",
                                    "1e-3",
                                    "--unlearn-lr",
                                    "1e-3",
                                    "--lambda-ewc",
                                    "1",
                                    "--batch",
                                    "4",
                                    "--max-seconds",
                                    "0.5"};
  };
  const fs::path reference = c.dir / "reference";
  const double seconds = run_whole(reproduce_args(reference));
  ASSERT_TRUE(fs::exists(reference / "table1.csv"));
  const auto init_before = file_digests(c.init);

  // The kills fall on one output folder, each rerun going on from what the killed one
  // left: runs that finished are kept, and a killed fine-tuning resumes.
  const fs::path out = c.dir / "out";
  int killed = 0;
  for (const double moment : kill_moments(14, kKills, seconds)) {
    SCOPED_TRACE("kill at " + std::to_string(moment) + " s of " + std::to_string(seconds));
    killed += run_and_kill(reproduce_args(out), moment);
    if (!fs::exists(out / "runs")) continue;
    for (const auto& entry : fs::recursive_directory_iterator(out / "runs")) {
      const std::string name = entry.path().filename().string();
      // A run folder (it holds config.json) is whole: its report is there. (A fine-tuning's
      // resume state, OUT.train/, holds weights without a report by design.)
      if (entry.path().string().find(".train/") != std::string::npos) continue;
      if (entry.is_directory() && fs::exists(entry.path() / "config.json") &&
          name.find(".tmp-") == std::string::npos && name != "init") {
        EXPECT_TRUE(fs::exists(entry.path() / "report.json")) << entry.path();
      }
    }
    EXPECT_EQ(file_digests(c.init), init_before);
  }
  EXPECT_GE(killed, kLeastKilled)
      << "the reruns go on from the kills, so later moments may find it done";
  run_whole(reproduce_args(out));
  EXPECT_EQ(read_text(out / "table1.csv"), read_text(reference / "table1.csv"));
  EXPECT_EQ(read_text(out / "fig2.csv"), read_text(reference / "fig2.csv"));
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(name.find(".tmp-"), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace emoforget::testing
