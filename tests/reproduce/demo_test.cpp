#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.h"
#include "unlearn/method_info.h"
#include "unlearn/pgd.h"

namespace emoforget {
namespace {
namespace fs = std::filesystem;

// A demo of 4 speakers x 1 clip per class, one epoch each, forgetting 2 clips with
// `methods`, then `extra`.
std::vector<std::string> small_demo(const fs::path& out, const std::string& methods,
                                    const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--threads",  "1",
                                   "demo",       "--out",
                                   out.string(), "--speakers",
                                   "4",          "--per-class",
                                   "1",          "--epochs",
                                   "1",          "--forget",
                                   "2",          "--methods",
                                   methods,      "--unlearn-epochs",
                                   "1",          "--max-seconds",
                                   "1"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(DemoCli, RunsEndToEndAndPrintsTheTable) {
  testing::TempDir dir;
  const fs::path out = dir / "demo";
  const auto r =
      testing::run_cli(small_demo(out, "retrain,adv-ewc,ranlab", {"--m", "2", "--p", "2"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("| avg gap to retrain |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Settings that differ from the paper: M=2 (paper 20), P=2 (paper 50)"),
            std::string::npos)
      << r.out;
  for (const char* row : {"| method |", "| fine-tuned (before) |", "| retrain (reference) |",
                          "| adv-ewc |", "| ranlab |"}) {
    EXPECT_NE(r.out.find(row), std::string::npos) << row << "\n" << r.out;
  }
  for (const char* phase : {"1/5", "2/5", "3/5", "4/5", "5/5"}) {
    EXPECT_NE(r.err.find(std::string("== demo: ") + phase), std::string::npos) << phase;
  }
  const auto report = nlohmann::json::parse(testing::read_text(out / "demo.json"));
  EXPECT_EQ(report["seed"], 0);
  EXPECT_TRUE(fs::exists(out / "table.md"));
  EXPECT_TRUE(fs::exists(out / "unlearned" / "adv-ewc" / "model.safetensors"));
  EXPECT_TRUE(fs::exists(out / "unlearned" / "adv-ewc" / "audit.json"));
  EXPECT_TRUE(fs::exists(out / "unlearned" / "retrain" / "report.json"));
  EXPECT_FALSE(fs::exists(out / "pgd-cache")) << "the shared attacks are removed at the end";
  const auto retrain =
      nlohmann::json::parse(testing::read_text(out / "unlearned" / "retrain" / "report.json"));
  const auto original = nlohmann::json::parse(testing::read_text(out / "model" / "report.json"));
  for (const char* field : {"epochs", "lr", "batch", "max_seconds", "crop", "warmup_ratio",
                            "lr_schedule", "max_grad_norm", "seed", "keep", "val_split"}) {
    EXPECT_EQ(retrain["config"][field], original["config"][field])
        << field << ": the reference repeats the recipe";
  }
  EXPECT_EQ(retrain["config"]["excluded_utterances"], 2) << "without the forget set";
  EXPECT_EQ(original["config"]["excluded_utterances"], 0);
  const auto reference_audit =
      nlohmann::json::parse(testing::read_text(out / "unlearned" / "retrain" / "audit.json"));
  EXPECT_EQ(reference_audit["models"]["unlearned"]["avg_gap_to_retrain"].get<double>(), 0.0)
      << "the retrained model's gap to itself";
  EXPECT_TRUE(fs::exists(out / "logs" / "forget-adv-ewc.log"));
  EXPECT_NE(r.err.find("demo: finetune done in"), std::string::npos) << r.err;
  // It ends with the certificate of the first unlearning method listed (the recommended
  // one is not among them), whose numbers are that audit's.
  const std::string certificate = (out / "certificate.html").string();
  EXPECT_NE(r.out.find("certificate (adv-ewc): " + certificate + "\n"), std::string::npos) << r.out;
  EXPECT_EQ(report["certificate"]["path"], certificate);
  const std::string page = testing::read_text(certificate);
  const auto adv_audit =
      nlohmann::json::parse(testing::read_text(out / "unlearned" / "adv-ewc" / "audit.json"));
  EXPECT_NE(page.find(adv_audit["verdict"]["headline"].get<std::string>()), std::string::npos);
  const auto adv_report =
      nlohmann::json::parse(testing::read_text(out / "unlearned" / "adv-ewc" / "report.json"));
  EXPECT_NE(page.find(adv_report["lineage"]["model_hash"].get<std::string>()), std::string::npos)
      << "the unlearned model's hash";
}

// A method with an attack size of its own (the recommended one) keeps it where the command
// line names none; the others attack with the demo's. Its audit is the certificate.
TEST(DemoCli, TheRecommendedMethodAttacksWithItsOwnSizeUnlessNamed) {
  testing::TempDir dir;
  const fs::path out = dir / "demo";
  const std::string recommended = unlearn::default_method_name();
  const unlearn::MethodInfo& info = unlearn::method_info(recommended);
  ASSERT_GT(info.pgd_m, 0) << "the recommended method has its own M";
  const auto r = testing::run_cli(small_demo(out, "retrain," + recommended + ",adv", {"--p", "2"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto own = nlohmann::json::parse(
      testing::read_text(out / "unlearned" / recommended / "report.json"))["config"]["pgd"];
  const auto adv = nlohmann::json::parse(
      testing::read_text(out / "unlearned" / "adv" / "report.json"))["config"]["pgd"];
  EXPECT_EQ(own["m"], info.pgd_m) << "M not named: its own";
  EXPECT_EQ(own["p"], 2) << "P named: kept";
  EXPECT_EQ(adv["m"], unlearn::PgdConfig().m) << "the demo's (the paper's) M";
  EXPECT_EQ(adv["p"], 2);
  EXPECT_NE(r.out.find(recommended + " attacks with M = " + std::to_string(info.pgd_m) +
                       ", P = 2 (its own where not named)."),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("certificate (" + recommended + "): "), std::string::npos) << r.out;
}

TEST(DemoCli, RefusesANonEmptyOutAndUnknownMethods) {
  testing::TempDir dir;
  testing::write_text(dir / "keep.txt", "precious");
  const auto r = testing::run_cli({"demo", "--out", dir.path().string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--overwrite"), std::string::npos) << r.err;
  EXPECT_EQ(testing::read_text(dir / "keep.txt"), "precious");
  const auto bad = testing::run_cli({"demo", "--out", (dir / "x").string(), "--methods", "magic"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_FALSE(fs::exists(dir / "x"));
}

}  // namespace
}  // namespace emoforget
