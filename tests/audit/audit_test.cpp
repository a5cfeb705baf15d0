#include "audit/audit.h"

#include <cstdio>
#include <memory>
#include <numeric>

#include <gtest/gtest.h>

#include "common/error.h"
#include "data/manifest.h"
#include "metrics/attack_classifier.h"
#include "metrics/membership_inference.h"
#include "metrics/z_test.h"
#include "model/checkpoint.h"
#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "train/finetune.h"
#include "train/inference.h"
#include "train/labeled_audio.h"
#include "unlearn/unlearn.h"

namespace emoforget::audit {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

constexpr double kSeconds = 0.5;  // tone corpus clip length

// An overfit mini model (many epochs on the 12 training clips, last epoch kept), its
// ranlab-unlearned copy for a 3-utterance forget set, and a reference retrained without
// that set. Built once for the whole suite: fine-tuning is the slow part.
struct Trained {
  TempDir dir;
  fs::path manifest, init, original, unlearned, reference, forget_file;
  std::vector<std::string> forget_ids;

  Trained() {
    manifest = testing::write_tone_corpus(dir / "corpus");
    init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
    train::FinetuneConfig finetune;
    finetune.manifest = manifest;
    finetune.init = init;
    finetune.out = original = dir / "original";
    finetune.epochs = 120;
    finetune.run.batch = 4;
    finetune.lr = 1e-3;
    finetune.run.max_seconds = kSeconds;
    finetune.val_split = "";
    finetune.keep = "last";
    train::finetune(finetune);

    // The operator's request: the first three training utterances of the manifest.
    const data::Manifest corpus = data::read_manifest(manifest);
    std::string list = "utt_id\n";
    for (const data::Utterance* u : corpus.in_split("train")) {
      if (forget_ids.size() == 3) break;
      forget_ids.push_back(u->utt_id);
      list += u->utt_id + "\n";
    }
    forget_file = dir / "forget.csv";
    testing::write_text(forget_file, list);

    unlearn::UnlearnConfig forget;
    forget.model_dir = original;
    forget.manifest = manifest;
    forget.out = unlearned = dir / "unlearned";
    forget.method = "ranlab";
    forget.forget.file = forget_file;
    forget.settings.epochs = 2;
    forget.run.batch = 4;
    forget.settings.lr = 1e-3;
    forget.run.max_seconds = kSeconds;
    forget.eval_splits.clear();
    forget.run.seed = 4;
    unlearn::run_unlearning(forget);

    finetune.out = reference = dir / "reference";
    finetune.exclude_utt_ids = {forget_ids.begin(), forget_ids.end()};
    train::finetune(finetune);
  }
};

class Audit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { trained_ = std::make_unique<Trained>(); }
  static void TearDownTestSuite() { trained_.reset(); }

  static AuditConfig config() {
    AuditConfig c;
    c.original = trained_->original;
    c.unlearned = trained_->unlearned;
    c.reference = trained_->reference;
    c.manifest = trained_->manifest;
    c.forget_file = trained_->forget_file;
    c.run.batch = 8;
    c.run.max_seconds = kSeconds;
    c.run.seed = 7;
    return c;
  }

  std::vector<std::string> base_args(const std::string& unlearned) const {
    return {"--quiet",       "audit",   "--original", trained_->original.string(),
            "--unlearned",   unlearned, "--manifest", trained_->manifest.string(),
            "--max-seconds", "0.5"};
  }

  static std::unique_ptr<Trained> trained_;
};
std::unique_ptr<Trained> Audit::trained_;

// Membership leaks through the loss of an overfit model: a mini model without dropout,
// layer drop or SpecAugment, trained for 100 epochs on the 12 training clips (its
// training loss ends near 1e-3), scored on them against the unseen test speakers.
TEST(AuditMembership, OverfitModelLeaksMembershipThroughItsLoss) {
  TempDir dir;
  const fs::path manifest_path = testing::write_tone_corpus(dir / "corpus");
  model::ModelConfig mc = testing::mini_model_config(testing::tone_labels(3));
  mc.hidden_dropout = mc.attention_dropout = mc.layerdrop = 0.0;
  mc.apply_spec_augment = false;
  mc.mask_time_prob = 0.0;
  model::SequenceClassifier init(mc);
  init->init_weights(5);
  model::save_model(init, dir / "init");
  train::FinetuneConfig finetune;
  finetune.manifest = manifest_path;
  finetune.init = dir / "init";
  finetune.out = dir / "model";
  finetune.epochs = 100;
  finetune.run.batch = 4;
  finetune.lr = 3e-3;
  finetune.run.max_seconds = kSeconds;
  finetune.val_split = "";
  finetune.keep = "last";
  train::finetune(finetune);

  const data::Manifest manifest = data::read_manifest(manifest_path);
  model::SequenceClassifier model = model::load_model(dir / "model");
  audio::AudioConfig audio;
  audio.max_seconds = kSeconds;
  const auto labels = testing::tone_labels(3);
  const train::DeviceConfig cpu;
  auto losses = [&](const std::string& split) {
    const auto set = train::load_labeled_audio(manifest, manifest.in_split(split), labels, audio);
    return metrics::per_utterance_loss(train::predict_logits(model, set.waves, 8, cpu), set.labels);
  };
  const std::vector<double> member_loss = losses("train");
  const std::vector<double> unseen_loss = losses("test");
  auto mean = [](const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  };
  const double auc = metrics::loss_threshold_auc(member_loss, unseen_loss);
  std::cerr << "overfit mini model: mean loss train " << mean(member_loss) << ", test "
            << mean(unseen_loss) << "; loss-threshold AUC " << auc << "\n";
  EXPECT_LT(mean(member_loss), mean(unseen_loss));
  EXPECT_GT(auc, 0.5);

  // MIA-efficacy (the share of a set the attack calls non-member), with the attack
  // fitted on this model's outputs (its training clips against the unseen test
  // speakers): lower on its training clips than on unseen ones.
  auto features = [&](const std::string& split) {
    const auto set = train::load_labeled_audio(manifest, manifest.in_split(split), labels, audio);
    return metrics::attack_features(train::predict_logits(model, set, 8, cpu), set.labels);
  };
  metrics::AttackClassifierConfig attack_config;
  attack_config.seed = 3;
  const metrics::MiaAttack attack =
      metrics::fit_mia_attack(features("train"), features("test"), attack_config);
  const double on_training = metrics::mia_efficacy(attack, features("train"));
  const double on_unseen = metrics::mia_efficacy(attack, features("test"));
  std::cerr << "MIA-efficacy on training clips " << on_training << ", on unseen " << on_unseen
            << "\n";
  EXPECT_LT(on_training, on_unseen);
}

// The relearning probe trains the unlearned and the reference model for 50 steps on
// a tenth of the remain set and records the forget UAR every 10 steps; the original
// is not probed, and the attack's subsample is the same with or without the probe.
TEST_F(Audit, RelearnProbeRecordsForgetUarEveryTenSteps) {
  AuditConfig c = config();
  c.relearn = true;
  const nlohmann::json r = run_audit(c);
  for (const char* role : {"unlearned", "reference"}) {
    const nlohmann::json& curve = r["models"][role]["relearn"];
    ASSERT_TRUE(curve.is_object()) << role;
    EXPECT_EQ(curve["steps"], (std::vector<int64_t>{0, 10, 20, 30, 40, 50}));
    ASSERT_EQ(curve["forget_uar"].size(), 6u);
    for (const auto& uar : curve["forget_uar"]) {
      EXPECT_GE(uar.get<double>(), 0.0);
      EXPECT_LE(uar.get<double>(), 1.0);
    }
    EXPECT_DOUBLE_EQ(curve["forget_uar"][0].get<double>(),
                     r["models"][role]["forget"]["uar"].get<double>())
        << "step 0 is the model as audited";
  }
  EXPECT_FALSE(r["models"]["original"].contains("relearn"));
  EXPECT_EQ(r["relearn"]["steps"], 50);
  EXPECT_EQ(r["relearn"]["batch"], 16);
  EXPECT_GE(r["relearn"]["n"].get<int64_t>(), 1);
  EXPECT_GT(r["relearn"]["lr"].get<double>(), 0.0);
  const nlohmann::json plain = run_audit(config());
  EXPECT_EQ(plain["models"]["unlearned"]["mia_efficacy"], r["models"]["unlearned"]["mia_efficacy"]);
  EXPECT_FALSE(plain["models"]["unlearned"].contains("relearn"));
  const nlohmann::json again = run_audit(c);
  EXPECT_EQ(again["models"]["unlearned"]["relearn"], r["models"]["unlearned"]["relearn"])
      << "same seed, same curve";
}

TEST_F(Audit, ReportHoldsEveryFigureAndTheGapAndZTests) {
  const nlohmann::json r = run_audit(config());
  EXPECT_EQ(r["command"], "audit");
  EXPECT_EQ(r["held_out"], nlohmann::json({"test"}));  // default: test is present
  EXPECT_EQ(r["sets"]["forget"]["n"], 3);
  EXPECT_FALSE(r["sets"]["forget"].contains("utt_ids")) << "no forgotten id in clear";
  EXPECT_EQ(r["sets"]["forget"]["utt_hashes"].size(), 3u);
  EXPECT_EQ(r["sets"]["forget"]["check"].get<std::string>().rfind("matches request req-", 0), 0u)
      << r["sets"]["forget"];
  EXPECT_EQ(r["sets"]["test"]["n"], 12);
  // Balanced: the 9 remain-set members against 9 of the 12 test utterances.
  EXPECT_EQ(r["sets"]["attack_members"]["n"], 9);
  EXPECT_EQ(r["sets"]["attack_members"]["remain_size"], 9);
  EXPECT_EQ(r["mia"]["efficacy"]["members"], 9);
  EXPECT_EQ(r["mia"]["efficacy"]["nonmembers"], 9);
  for (const std::string name : {"original", "unlearned", "reference"}) {
    SCOPED_TRACE(name);
    const nlohmann::json& m = r["models"][name];
    for (const nlohmann::json* set : {&m["forget"], &m["held_out"]["test"]}) {
      const double wa = (*set)["wa"].get<double>();
      EXPECT_GE((*set)["uar"].get<double>(), 0.0);
      EXPECT_LE((*set)["uar"].get<double>(), 1.0);
      EXPECT_NEAR(wa * (*set)["n"].get<double>(), (*set)["correct"].get<double>(), 1e-9);
    }
    for (const char* figure : {"mia_auc", "loss_auc", "mia_efficacy", "avg_gap_to_retrain"}) {
      EXPECT_GE(m[figure].get<double>(), 0.0) << figure;
      EXPECT_LE(m[figure].get<double>(), 1.0) << figure;
    }
    EXPECT_EQ(m["loss_auc"], m["mia_auc"]);
    for (const char* set : {"forget", "remain"}) {
      for (const char* figure : {"uar", "accuracy", "macro_f1"}) {
        EXPECT_GE(m[set][figure].get<double>(), 0.0) << set << " " << figure;
        EXPECT_LE(m[set][figure].get<double>(), 1.0) << set << " " << figure;
      }
    }
    EXPECT_EQ(m["remain"]["n"], 9) << "RA on the remain-set sample";
  }
  const nlohmann::json& gum = r["models"]["unlearned"]["gum"];
  for (const char* part : {"u", "e"}) {
    EXPECT_GE(gum[part].get<double>(), 0.0) << part;
    EXPECT_LE(gum[part].get<double>(), 1.0) << part;
  }
  EXPECT_TRUE(r["models"]["unlearned"].contains("speedup_over_retrain"));
  const nlohmann::json& u = r["models"]["unlearned"];
  const nlohmann::json& ref = r["models"]["reference"];
  const nlohmann::json& gap = r["gap_to_reference"];
  EXPECT_DOUBLE_EQ(gap["forget"]["uar"].get<double>(),
                   u["forget"]["uar"].get<double>() - ref["forget"]["uar"].get<double>());
  EXPECT_DOUBLE_EQ(
      gap["held_out"]["test"]["wa"].get<double>(),
      u["held_out"]["test"]["wa"].get<double>() - ref["held_out"]["test"]["wa"].get<double>());
  EXPECT_DOUBLE_EQ(gap["mia_auc"].get<double>(),
                   u["mia_auc"].get<double>() - ref["mia_auc"].get<double>());
  EXPECT_DOUBLE_EQ(gap["mia_efficacy"].get<double>(),
                   u["mia_efficacy"].get<double>() - ref["mia_efficacy"].get<double>());
  // The z-tests are the metric's on the held-out correct counts, unlearned as model A.
  for (const std::string other : {"original", "reference"}) {
    SCOPED_TRACE(other);
    const nlohmann::json& test = r["z_tests"]["test"]["unlearned_vs_" + other];
    const nlohmann::json& o = r["models"][other]["held_out"]["test"];
    const metrics::ZTestResult expected = metrics::two_proportion_z_test(
        u["held_out"]["test"]["correct"], u["held_out"]["test"]["n"], o["correct"], o["n"]);
    EXPECT_DOUBLE_EQ(test["z"].get<double>(), expected.z);
    EXPECT_DOUBLE_EQ(test["p_value"].get<double>(), expected.p_value);
    EXPECT_NEAR(test["worse"]["p_value"].get<double>(), 1.0 - expected.p_value, 1e-12);
    EXPECT_EQ(test["stars"], expected.p_value < kStarPValue ? "*" : "");
  }
}

TEST_F(Audit, SameModelTwiceHasNoGapNoSignificanceAndSameSeedSameReport) {
  AuditConfig c = config();
  c.unlearned = c.original;
  c.reference = c.original;
  const nlohmann::json a = run_audit(c);
  const nlohmann::json& test = a["z_tests"]["test"]["unlearned_vs_original"];
  EXPECT_DOUBLE_EQ(test["z"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(test["p_value"].get<double>(), 0.5);
  EXPECT_EQ(test["stars"], "");
  EXPECT_DOUBLE_EQ(a["gap_to_reference"]["mia_auc"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(a["gap_to_reference"]["mia_efficacy"].get<double>(), 0.0);
  EXPECT_EQ(a["models"]["original"]["mia_efficacy"], a["models"]["unlearned"]["mia_efficacy"]);
  for (const std::string name : {"original", "unlearned", "reference"}) {
    EXPECT_DOUBLE_EQ(a["models"][name]["avg_gap_to_retrain"].get<double>(), 0.0)
        << name << ": the retrained model's gap to itself";
  }
  EXPECT_DOUBLE_EQ(a["models"]["unlearned"]["gum"]["u"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(a["models"]["unlearned"]["gum"]["e"].get<double>(), 1.0);
  nlohmann::json b = run_audit(c);
  b.erase("timings");
  nlohmann::json a_without = a;
  a_without.erase("timings");
  EXPECT_EQ(a_without, b);
}

TEST_F(Audit, MarkdownTableHasOneRowPerModelAndTheGap) {
  const std::string md = audit_markdown(run_audit(config()));
  EXPECT_NE(md.find("| model | forget UAR | test UAR | MIA AUC | MIA-efficacy |"),
            std::string::npos)
      << md;
  for (const char* row : {"| original |", "| unlearned |", "| reference |", "| gap (unlearned"})
    EXPECT_NE(md.find(row), std::string::npos) << row << "\n" << md;
  EXPECT_NE(md.find("unlearned vs original: z = "), std::string::npos) << md;
  EXPECT_NE(md.find("Against the retrained reference: average gap "), std::string::npos) << md;
  EXPECT_THROW(audit_markdown(nlohmann::json::object()), Error);
}

// The certificate in a real browser: headless Chromium loads it with no console error
// and no request beyond the page, the screenshot is not blank, and every number on
// the page equals the JSON report's (tests/support/browser_check.py).
TEST_F(Audit, CertificatePageRendersInABrowserWithTheReportsNumbers) {
  TempDir out;
  auto args = base_args(trained_->unlearned.string());
  for (const std::string& a :
       {std::string("--reference"), trained_->reference.string(), std::string("--forget-file"),
        trained_->forget_file.string(), std::string("--html"), (out / "certificate.html").string(),
        std::string("--report"), (out / "audit.json").string()})
    args.push_back(a);
  const testing::CliResult result = testing::run_cli(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string page = testing::read_text(out / "certificate.html");
  EXPECT_EQ(page.find("http://"), std::string::npos) << "nothing to fetch";
  EXPECT_EQ(page.find("https://"), std::string::npos) << "nothing to fetch";
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos) << "plots inline";
  for (const std::string& id : trained_->forget_ids)
    EXPECT_EQ(page.find(id), std::string::npos) << id << " in clear on the certificate";
  const std::string checker =
      (fs::path(EMOFORGET_FIXTURES).parent_path() / "support" / "browser_check.py").string();
  const std::string command = "python3 '" + checker + "' '" + (out / "certificate.html").string() +
                              "' '" + (out / "audit.json").string() + "' '" +
                              (out / "browser").string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string said;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe))
    said += buffer;
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << said;
  EXPECT_NE(said.find("numbers match"), std::string::npos) << said;
}

TEST(AuditConfigCheck, RejectsBadFields) {
  AuditConfig good;
  good.original = "a";
  good.unlearned = "b";
  good.manifest = "m.csv";
  good.forget_file = "f.csv";
  EXPECT_NO_THROW(good.validate());
  auto expect_error = [](const AuditConfig& c, const std::string& needle) {
    try {
      c.validate();
      ADD_FAILURE() << "expected an error mentioning " << needle;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  AuditConfig c = good;
  c.held_out = {"train"};
  expect_error(c, "member split");
  c = good;
  c.held_out = {"dev"};
  expect_error(c, "'dev'");
  c = good;
  c.run.batch = 0;
  expect_error(c, "--batch");
  c = good;
  c.forget_file.clear();
  EXPECT_NO_THROW(c.validate()) << "the forget set may come from the unlearned model's record";
}

TEST_F(Audit, CliWritesJsonReportAndMarkdown) {
  TempDir out;
  auto args = base_args(trained_->unlearned.string());
  for (const std::string& a :
       {std::string("--reference"), trained_->reference.string(), std::string("--forget-file"),
        trained_->forget_file.string(), std::string("--markdown"), (out / "audit.md").string(),
        std::string("--report"), (out / "audit.json").string(), std::string("--seed"),
        std::string("7")})
    args.push_back(a);
  const testing::CliResult result = testing::run_cli(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report, nlohmann::json::parse(testing::read_text(out / "audit.json")));
  EXPECT_EQ(report["config"]["seed"], 7);
  EXPECT_TRUE(report["models"].contains("reference"));
  EXPECT_TRUE(report.contains("gap_to_reference"));
  EXPECT_TRUE(report["z_tests"]["test"].contains("unlearned_vs_reference"));
  const std::string md = testing::read_text(out / "audit.md");
  EXPECT_NE(md.find("| unlearned |"), std::string::npos) << md;
  EXPECT_EQ(result.err.find("| model |"), std::string::npos) << "Markdown went to the file";

  // Without --markdown the summary goes to stderr; without --reference there is no gap.
  auto plain = base_args(trained_->unlearned.string());
  plain.push_back("--forget-file");
  plain.push_back(trained_->forget_file.string());
  const testing::CliResult second = testing::run_cli(plain);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("| model | forget UAR | test UAR | MIA AUC | MIA-efficacy |"),
            std::string::npos)
      << second.err;
  EXPECT_FALSE(nlohmann::json::parse(second.out).contains("gap_to_reference"));
}

// Bad input fails before any model runs, so an untrained model serves as both models.
TEST(AuditCli, BadInputFailsWithOneLineAndLeavesNoFile) {
  TempDir scratch;
  const fs::path manifest = testing::write_tone_corpus(scratch / "corpus");
  const fs::path model = testing::write_mini_model(scratch / "model", testing::tone_labels(3));
  testing::write_text(scratch / "forget.csv", "utt_id\nspk0_c0_0\nspk1_c2_1\n");
  const fs::path md = scratch / "audit.md";
  const fs::path json = scratch / "audit.json";
  auto expect_failure = [&](const fs::path& unlearned, const fs::path& forget_file,
                            const std::string& needle) {
    const testing::CliResult result = testing::run_cli(
        {"--quiet", "audit", "--original", model.string(), "--unlearned", unlearned.string(),
         "--manifest", manifest.string(), "--forget-file", forget_file.string(), "--markdown",
         md.string(), "--report", json.string(), "--max-seconds", "0.5"});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find("emoforget: error: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(needle), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(md));
    EXPECT_FALSE(fs::exists(json));
  };

  expect_failure(scratch / "no-such-model", scratch / "forget.csv", "no-such-model");

  testing::write_text(scratch / "unknown.csv", "utt_id\nspk0_c0_0\nnot_an_utterance\n");
  expect_failure(model, scratch / "unknown.csv", "not_an_utterance");

  expect_failure(model, scratch / "no-forget-file.csv", "no-forget-file.csv");

  testing::write_text(scratch / "test-utt.csv", "utt_id\nspk5_c0_0\n");  // a test speaker
  expect_failure(model, scratch / "test-utt.csv", "member split");

  // The forget set's audio was deleted after unlearning: the error names the file.
  const fs::path deleted = scratch / "corpus" / "wav" / "spk1_c2_1.wav";
  fs::remove(deleted);
  expect_failure(model, scratch / "forget.csv", deleted.string());
}

}  // namespace
}  // namespace emoforget::audit
