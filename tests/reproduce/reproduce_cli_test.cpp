// `emoforget reproduce` end to end on a reduced grid (tone corpus, mini model):
// every output file, the table layout, the shared forget set, tau reuse for
// train+val->test, and resumption (a rerun skips finished runs).
#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"

namespace emoforget::reproduce {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

nlohmann::json read_json(const fs::path& path) {
  return nlohmann::json::parse(testing::read_text(path));
}

size_t count_lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

class ReproduceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    manifest_ = testing::write_tone_corpus(dir_ / "corpus");
    init_ = testing::write_mini_model(dir_ / "init", testing::tone_labels(3));
  }

  testing::CliResult reproduce(const std::string& settings, const std::string& m = "2") {
    return testing::run_cli({"--threads",
                             "1",
                             "reproduce",
                             "--manifest",
                             manifest_.string(),
                             "--init",
                             init_.string(),
                             "--out",
                             out().string(),
                             "--n",
                             "2,3",
                             "--tau",
                             "0.1,0.3",
                             "--methods",
                             "ranlab,adv-ewc",
                             "--settings",
                             settings,
                             "--m",
                             m,
                             "--p",
                             "2",
                             "--epochs",
                             "1",
                             "--unlearn-epochs",
                             "1",
                             "--lr",
                             "1e-3",
                             "--unlearn-lr",
                             "1e-3",
                             "--lambda-ewc",
                             "1",
                             "--batch",
                             "4",
                             "--max-seconds",
                             "0.5"});
  }

  fs::path out() const { return dir_ / "out"; }

  TempDir dir_;
  fs::path manifest_, init_;
};

TEST_F(ReproduceCli, ReducedGridWritesEveryOutputAndResumes) {
  // 1 fine-tuning + 2 N x (ranlab + adv-ewc at 2 taus) = 7 runs.
  const testing::CliResult first = reproduce("train-val");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const nlohmann::json summary = nlohmann::json::parse(first.out);
  EXPECT_EQ(summary["runs"]["total"], 7);
  EXPECT_EQ(summary["runs"]["executed"], 7);
  EXPECT_EQ(summary["runs"]["skipped"], 0);
  EXPECT_NE(first.err.find("reproduce [7/7] train-val seed 0 N=3 adv-ewc tau=0.3: D_e UAR"),
            std::string::npos)
      << first.err;
  EXPECT_NE(first.err.find("ETA"), std::string::npos);

  for (const char* name :
       {"table1.csv", "table1.md", "fig2.csv", "fig2.gp", "fig2.png", "reproduce.json"}) {
    EXPECT_TRUE(fs::exists(out() / name)) << name;
  }
  EXPECT_EQ(read_json(out() / "reproduce.json")["runs"]["executed"], 7);
  const std::string png = testing::read_text(out() / "fig2.png");
  EXPECT_EQ(png.substr(1, 3), "PNG");

  // Runs: the fine-tuned model is kept; unlearned weights are deleted after scoring.
  const fs::path runs = out() / "runs" / "train-val" / "seed0";
  EXPECT_TRUE(fs::exists(runs / "finetune" / "model.safetensors"));
  std::vector<std::string> forget_ids;
  for (const std::string name : {"n2-ranlab", "n2-adv-ewc-tau0.1", "n2-adv-ewc-tau0.3", "n3-ranlab",
                                 "n3-adv-ewc-tau0.1", "n3-adv-ewc-tau0.3"}) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(fs::exists(runs / name / "report.json"));
    EXPECT_FALSE(fs::exists(runs / name / "model.safetensors"));
    const nlohmann::json report = read_json(runs / name / "report.json");
    EXPECT_TRUE(report["after"].contains("val"));
    EXPECT_FALSE(report["after"].contains("test"));
    if (name.rfind("n2-", 0) == 0) {
      // The forget set of (N, seed) is the same for every method and tau.
      std::vector<std::string> ids = report["lineage"]["requests"].back()["utt_hashes"];
      EXPECT_EQ(ids.size(), 2u);
      if (forget_ids.empty()) forget_ids = ids;
      EXPECT_EQ(ids, forget_ids);
    }
  }

  // Table 1: CSV rows per (N, method) and the paper's layout in Markdown.
  const std::string csv = testing::read_text(out() / "table1.csv");
  EXPECT_EQ(count_lines(csv), 1u + 2 * 3);
  EXPECT_NE(csv.find("\ntrain-val,val,2,finetune,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\ntrain-val,val,3,adv-ewc,0."), std::string::npos) << csv;
  const std::string md = testing::read_text(out() / "table1.md");
  EXPECT_NE(md.find("| Method | N = 2 Train D_e | N = 2 Train Val | N = 3 Train D_e | N = 3 Train "
                    "Val |"),
            std::string::npos)
      << md;
  for (const char* row : {"| Fine-tune | - |", "| Ran. Lab. | ", "| Adv. + Ela. | "}) {
    EXPECT_NE(md.find(row), std::string::npos) << row << "\n" << md;
  }
  EXPECT_EQ(md.find("| Remain. Unl. |"), std::string::npos);
  EXPECT_EQ(md.find("| Adv. |"), std::string::npos);
  // Fig. 2: 2 N x 1 method x 2 taus.
  EXPECT_EQ(count_lines(testing::read_text(out() / "fig2.csv")), 1u + 4);

  // Adding the train+val->test setting runs only its 5 new runs; adv-ewc there
  // uses the tau chosen on train-val's validation UAR.
  const testing::CliResult second = reproduce("train-val,trainval-test");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const nlohmann::json resumed = nlohmann::json::parse(second.out);
  EXPECT_EQ(resumed["runs"]["total"], 12);
  EXPECT_EQ(resumed["runs"]["executed"], 5);
  EXPECT_EQ(resumed["runs"]["skipped"], 7);
  EXPECT_NE(second.err.find("finished earlier, skipped"), std::string::npos);
  std::map<std::pair<std::string, int64_t>, double> tau;
  for (const auto& chosen : resumed["tau_chosen"]) {
    tau[{chosen["setting"], chosen["n"]}] = chosen["tau"];
  }
  ASSERT_EQ(tau.size(), 4u);
  for (const int64_t n : {2, 3}) {
    const double chosen = tau[{"train-val", n}];
    EXPECT_EQ(chosen, (tau[{"trainval-test", n}]));
    const std::string name =
        "n" + std::to_string(n) + "-adv-ewc-tau" + (chosen == 0.1 ? "0.1" : "0.3");
    const fs::path test_run = out() / "runs" / "trainval-test" / "seed0" / name;
    ASSERT_TRUE(fs::exists(test_run / "report.json")) << test_run;
    EXPECT_TRUE(read_json(test_run / "report.json")["after"].contains("test"));
  }
  const std::string md2 = testing::read_text(out() / "table1.md");
  EXPECT_NE(md2.find("| N = 2 Train+Val D_e | N = 2 Train+Val Test |"), std::string::npos) << md2;

  // A plain rerun runs nothing and rewrites the same table.
  const std::string csv2 = testing::read_text(out() / "table1.csv");
  const testing::CliResult third = reproduce("train-val,trainval-test");
  ASSERT_EQ(third.exit_code, 0) << third.err;
  const nlohmann::json rerun = nlohmann::json::parse(third.out);
  EXPECT_EQ(rerun["runs"]["executed"], 0);
  EXPECT_EQ(rerun["runs"]["skipped"], 12);
  // The grid's time is every run's own, whichever invocation ran it.
  EXPECT_EQ(rerun["runs"]["grid_seconds"], resumed["runs"]["grid_seconds"]);
  EXPECT_GT(resumed["runs"]["grid_seconds"].get<double>(), summary["runs"]["grid_seconds"]);
  EXPECT_GT(summary["runs"]["grid_seconds"].get<double>(), 0.0);
  EXPECT_NE(third.err.find("reproduce: 12 runs took "), std::string::npos) << third.err;
  EXPECT_EQ(testing::read_text(out() / "table1.csv"), csv2);

  // Finished runs made with other hyperparameters are never mixed in silently.
  const testing::CliResult changed = reproduce("train-val", "3");
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.err.find("n2-adv-ewc-tau0.1/report.json was made with pgd = "),
            std::string::npos)
      << changed.err;
  EXPECT_NE(changed.err.find("use another --out"), std::string::npos);
}

}  // namespace
}  // namespace emoforget::reproduce

namespace emoforget::reproduce {
namespace {

// Several seeds, with the retrained reference as a row: each seed fine-tunes its own
// model from a --preset (saving its starting weights), retrains from those weights
// without that seed's forget set, and the table gives 95 % intervals over the seeds.
TEST(ReproduceSeeds, RetrainedReferencePerSeedAndIntervalsOverSeeds) {
  TempDir dir;
  const fs::path manifest = testing::write_tone_corpus(dir / "corpus");
  const fs::path init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
  const fs::path out = dir / "out";
  const testing::CliResult r = testing::run_cli({"--threads",
                                                 "1",
                                                 "reproduce",
                                                 "--manifest",
                                                 manifest.string(),
                                                 "--preset",
                                                 (init / "config.json").string(),
                                                 "--out",
                                                 out.string(),
                                                 "--n",
                                                 "2",
                                                 "--methods",
                                                 "ranlab,retrain",
                                                 "--settings",
                                                 "train-val",
                                                 "--seeds",
                                                 "0,1",
                                                 "--epochs",
                                                 "1",
                                                 "--unlearn-epochs",
                                                 "1",
                                                 "--lr",
                                                 "1e-3",
                                                 "--batch",
                                                 "4",
                                                 "--max-seconds",
                                                 "0.5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* seed : {"seed0", "seed1"}) {
    SCOPED_TRACE(seed);
    const fs::path runs = out / "runs" / "train-val" / seed;
    EXPECT_TRUE(fs::exists(runs / "init" / "config.json")) << "the starting weights are kept";
    const nlohmann::json retrain = read_json(runs / "n2-retrain" / "report.json");
    EXPECT_EQ(retrain["finetune"]["config"]["excluded_utterances"], 2);
    EXPECT_EQ(retrain["config"]["init"], (runs / "init").string());
    EXPECT_GT(retrain["steps"]["total"].get<int64_t>(), 0);
  }
  const std::string md = testing::read_text(out / "table1.md");
  EXPECT_NE(md.find("Reference: retrained without the forget set"), std::string::npos) << md;
  EXPECT_NE(md.find("| Retrain | "), std::string::npos) << md;
  EXPECT_NE(md.find("over k = 2 seeds (0, 1)"), std::string::npos) << md;
  const std::string csv = testing::read_text(out / "table1.csv");
  EXPECT_NE(csv.find("\ntrain-val,val,2,retrain,,2,"), std::string::npos) << csv;
  // Every run audited against its seed's reference: the field's figures in evidence.md.
  const nlohmann::json audit =
      read_json(out / "runs" / "train-val" / "seed1" / "n2-ranlab" / "audit.json");
  EXPECT_TRUE(audit["models"]["unlearned"]["avg_gap_to_retrain"].is_number());
  EXPECT_EQ(read_json(out / "runs" / "train-val" / "seed0" / "n2-retrain" /
                      "audit.json")["models"]["unlearned"]["avg_gap_to_retrain"]
                .get<double>(),
            0.0)
      << "the reference's gap to itself";
  EXPECT_FALSE(
      fs::exists(out / "runs" / "train-val" / "seed0" / "n2-retrain" / "model.safetensors"))
      << "weights deleted once the N's runs are audited";
  const std::string evidence = testing::read_text(out / "evidence.md");
  EXPECT_NE(evidence.find("### train-val N=2"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("| ranlab | "), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("| retrain (reference) | "), std::string::npos) << evidence;
}

}  // namespace
}  // namespace emoforget::reproduce
