// `emoforget benchmark` end to end on the tone corpus with a mini model, and its summary.
#include "reproduce/benchmark.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "support/benchmark_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "unlearn/pgd.h"

namespace emoforget::reproduce {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

TEST(BenchmarkCli, EveryMethodAndRequestAuditedAgainstTheReference) {
  TempDir dir;
  const testing::BenchmarkModel m = testing::write_benchmark_model(dir.path());
  const fs::path out = dir / "bench";
  std::vector<std::string> args = {"--threads", "1"};
  // M not named: the recommended method attacks with its own, adv with the benchmark's.
  const std::string recommended = unlearn::default_method_name();
  const std::vector<std::string> bench = testing::benchmark_args(
      m, out, "retrain,ranlab,adv," + recommended, {"--seeds", "0,1", "--n", "2", "--p", "2"});
  args.insert(args.end(), bench.begin(), bench.end());
  const auto r = testing::run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto report = nlohmann::json::parse(testing::read_text(out / "benchmark.json"));
  ASSERT_EQ(report["runs"].size(), 2u * 2u * 4u) << "seeds x requests x methods";
  const fs::path runs = out / "runs" / "random-seed0";
  const auto attack = [&](const std::string& method) {
    return nlohmann::json::parse(
        testing::read_text(runs / method / "report.json"))["config"]["pgd"];
  };
  EXPECT_EQ(attack(recommended)["m"], unlearn::method_info(recommended).pgd_m);
  EXPECT_EQ(attack("adv")["m"], unlearn::PgdConfig().m);
  EXPECT_EQ(attack(recommended)["p"], 2) << "P named";
  EXPECT_EQ(attack("adv")["p"], 2);
  EXPECT_EQ(report["config"]["own_attack"][recommended]["m"], attack(recommended)["m"])
      << "benchmark.json names the method's own attack";
  EXPECT_FALSE(report["config"]["own_attack"].contains("adv"));
  for (const auto& run : report["runs"]) {
    if (run["method"] == "retrain") {
      EXPECT_EQ(run["avg_gap_to_retrain"].get<double>(), 0.0) << "the reference's own gap";
      EXPECT_TRUE(run["gum"].is_null());
    } else {
      EXPECT_GE(run["avg_gap_to_retrain"].get<double>(), 0.0);
      EXPECT_TRUE(run["gum"].is_number());
    }
  }
  EXPECT_EQ(report["requests"][1]["request"], "speaker");
  EXPECT_GT(report["requests"][1]["utterances"].get<int64_t>(), 2)
      << "a speaker request holds all of one speaker's training clips";
  const std::string md = testing::read_text(out / "benchmark.md");
  EXPECT_NE(md.find("### Random utterances"), std::string::npos) << md;
  EXPECT_NE(md.find("### One speaker"), std::string::npos) << md;
  EXPECT_NE(md.find("| retrain (reference) |"), std::string::npos) << md;
  EXPECT_NE(md.find("over 2 seeds (0, 1)"), std::string::npos) << md;
  EXPECT_EQ(testing::read_text(out / "benchmark-gap.png").substr(1, 3), "PNG");
  EXPECT_NE(r.err.find("benchmark: audit random-seed0 adv done in"), std::string::npos) << r.err;
}

// A second call with --resume reads the finished runs back: only an added method runs
// (against the reference already retrained); a run made on another forget set or with
// other settings is refused; a reference retrained again makes every audit of its request
// be redone.
TEST(BenchmarkCli, ResumeRunsOnlyWhatIsMissing) {
  TempDir dir;
  const testing::BenchmarkModel m = testing::write_benchmark_model(dir.path());
  const fs::path out = dir / "bench";
  const auto bench = [&](const std::string& methods, std::vector<std::string> extra) {
    extra.insert(extra.end(), {"--requests", "random", "--m", "2", "--p", "2"});
    if (std::find(extra.begin(), extra.end(), "--n") == extra.end())
      extra.insert(extra.end(), {"--n", "2"});
    std::vector<std::string> args = {"--threads", "1"};
    const std::vector<std::string> command = testing::benchmark_args(m, out, methods, extra);
    args.insert(args.end(), command.begin(), command.end());
    return testing::run_cli(args);
  };
  const auto first = bench("retrain,ranlab", {});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const fs::path runs = out / "runs" / "random-seed0";
  const std::string retrain_report = testing::read_text(runs / "retrain" / "report.json");
  const std::string ranlab_audit = testing::read_text(runs / "ranlab" / "audit.json");

  const auto again = bench("retrain,ranlab,adv:lambda-kl=1", {});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("pass --resume to go on with it"), std::string::npos) << again.err;

  const auto resumed = bench("retrain,ranlab,adv:lambda-kl=1", {"--resume"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("random-seed0 retrain finished earlier, read back"), std::string::npos)
      << resumed.err;
  EXPECT_NE(resumed.err.find("random-seed0 ranlab finished earlier, read back"), std::string::npos);
  EXPECT_EQ(resumed.err.find("benchmark: random-seed0 retrain done in"), std::string::npos)
      << "the reference was retrained again";
  EXPECT_NE(resumed.err.find("benchmark: random-seed0 adv:lambda-kl=1 done in"), std::string::npos);
  EXPECT_EQ(resumed.err.find("audit random-seed0 ranlab done"), std::string::npos)
      << "an audit of two unchanged runs was redone";
  EXPECT_NE(resumed.err.find("audit random-seed0 adv:lambda-kl=1 done"), std::string::npos);
  EXPECT_EQ(testing::read_text(runs / "retrain" / "report.json"), retrain_report);
  EXPECT_EQ(testing::read_text(runs / "ranlab" / "audit.json"), ranlab_audit);
  const auto report = nlohmann::json::parse(testing::read_text(out / "benchmark.json"));
  ASSERT_EQ(report["runs"].size(), 3u);
  EXPECT_EQ(report["runs"][2]["method"], "adv:lambda-kl=1");
  EXPECT_TRUE(report["runs"][2]["gum"].is_number()) << "audited against the reference";
  EXPECT_FALSE(fs::exists(runs / "forget.csv")) << "the forget list outlived the call";

  // Runs made with other settings, or on another forget set, are refused by name, and the
  // refused call leaves no forget list behind.
  const auto changed = bench("retrain,ranlab", {"--resume", "--epochs", "2"});
  EXPECT_NE(changed.exit_code, 0);
  EXPECT_NE(changed.err.find("ranlab/report.json was made with epochs = 1"), std::string::npos)
      << changed.err;
  const auto other_set = bench("retrain,ranlab", {"--resume", "--n", "3"});
  EXPECT_NE(other_set.exit_code, 0);
  EXPECT_NE(other_set.err.find("retrain/report.json was made on another forget set"),
            std::string::npos)
      << other_set.err;
  EXPECT_FALSE(fs::exists(runs / "forget.csv"));

  // A reference killed while retraining leaves its training state and no report: the
  // resumed call retrains it and audits every run of the request again.
  fs::remove_all(runs / "retrain");
  fs::create_directories(runs / "retrain.train");
  testing::write_text(runs / "retrain.train" / "state.json", "{}");
  const auto retrained = bench("retrain,ranlab", {"--resume"});
  ASSERT_EQ(retrained.exit_code, 0) << retrained.err;
  EXPECT_NE(retrained.err.find("benchmark: random-seed0 retrain done in"), std::string::npos);
  EXPECT_NE(retrained.err.find("audit random-seed0 ranlab done"), std::string::npos)
      << "an audit against the old reference was kept";
  EXPECT_TRUE(fs::exists(runs / "adv:lambda-kl=1" / "report.json")) << "other runs are kept";

  const auto both = bench("retrain,ranlab", {"--resume", "--overwrite"});
  EXPECT_NE(both.exit_code, 0);
  EXPECT_NE(both.err.find("--resume and --overwrite exclude each other"), std::string::npos)
      << both.err;
}

TEST(BenchmarkCli, RefusesAMethodListWithoutTheReference) {
  const auto r = testing::run_cli({"benchmark", "--model", "m", "--init", "i", "--manifest",
                                   "x.csv", "--out", "o", "--methods", "ranlab"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--methods must include retrain"), std::string::npos) << r.err;
}

TEST(BenchmarkSummary, IntervalsOverSeedsAndNoGumForTheReference) {
  std::vector<BenchmarkRecord> records;
  for (uint64_t seed : {0u, 1u, 2u}) {
    BenchmarkRecord a;
    a.request = "random";
    a.seed = seed;
    a.method = "adv";
    a.ua = 0.1 * static_cast<double>(seed);
    a.avg_gap = 0.2;
    a.gum = 0.5;
    a.speedup = 4.0;
    records.push_back(a);
    BenchmarkRecord ref = a;
    ref.method = "retrain";
    ref.avg_gap = 0.0;
    ref.gum = -1;
    records.push_back(ref);
  }
  const std::string md = benchmark_markdown(records, {0, 1, 2}, {"retrain", "adv"}, {"random"});
  // UA 0, 0.1, 0.2: mean 0.1, sd 0.1, t(2) = 4.303: half width 0.248.
  EXPECT_NE(md.find("| adv | 0.100 ± 0.248 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| retrain (reference) |"), std::string::npos) << md;
  EXPECT_NE(md.find("| — | "), std::string::npos) << md;
  EXPECT_EQ(md.find("### One speaker"), std::string::npos);
}

}  // namespace
}  // namespace emoforget::reproduce
