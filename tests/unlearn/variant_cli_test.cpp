// The variants from the command line on a mini model: the recommended method runs from
// a manifest that holds only the forget set and the validation split, with its own
// defaults (stop where held-out speech is) that a flag overrides; class requests stop once the
// class is misclassified; bad variant values fail with one line naming the flag.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "data/manifest.h"
#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "unlearn/class_recipe.h"
#include "unlearn/method_info.h"

namespace emoforget::unlearn {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

// The tone corpus cut down to what a deletion request may leave: one training
// speaker's utterances (the forget set) and the validation split.
struct ForgetOnly {
  TempDir dir;
  fs::path manifest, model;

  ForgetOnly() {
    const fs::path full = testing::write_tone_corpus(dir / "corpus");
    data::Manifest corpus = data::read_manifest(full);
    data::Manifest kept = corpus;
    kept.utterances.clear();
    for (const data::Utterance& u : corpus.utterances) {
      if (u.split == "val" || (u.split == "train" && u.speaker == "spk0"))
        kept.utterances.push_back(u);
    }
    manifest = dir / "corpus" / "forget-and-val.csv";
    data::write_manifest(manifest, kept);
    model = testing::write_mini_model(dir / "model", testing::tone_labels(3));
  }

  // With `small_attack`, M = 2 and P = 3 unless `extra` names them.
  testing::CliResult forget(const std::string& out, std::vector<std::string> extra,
                            bool small_attack = true) const {
    std::vector<std::string> args = {"--quiet",       "forget",
                                     "--model",       model.string(),
                                     "--manifest",    manifest.string(),
                                     "--out",         (dir / out).string(),
                                     "--max-seconds", "0.5",
                                     "--batch",       "8"};
    if (small_attack) args.insert(args.end(), {"--m", "2", "--p", "3"});
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_cli(args);
  }
};

const std::string& recommended() {
  return default_method_name();
}

TEST(VariantCli, TheRecommendedMethodIsTheDefaultAndDepartsFromThePaper) {
  const MethodInfo& info = method_info(recommended());
  EXPECT_NE(info.name, "adv-ewc") << "adv-ewc stays the paper's method";
  EXPECT_FALSE(info.reads_remain_set || info.needs_init)
      << "it must work from the forget set alone";
  EXPECT_FALSE(resolve_variant({}, info.variant_defaults).is_paper());
  EXPECT_TRUE(resolve_variant({}, info.variant_defaults).until.reads_held_out())
      << "it stops where held-out speech is";
  EXPECT_TRUE(info.runs_pgd && info.needs_fisher) << "the paper's objective";
  EXPECT_GT(resolve_variant({}, info.variant_defaults).lambda_kl, 0.0)
      << "it holds the original's outputs on the adversarial samples";
  const MethodInfo& fastest = method_info("ranlab-stop");
  EXPECT_FALSE(fastest.runs_pgd || fastest.needs_fisher);
  EXPECT_TRUE(resolve_variant({}, fastest.variant_defaults).until.reads_held_out());
  const MethodInfo& adversarial = method_info("adv-ewc-stop");
  EXPECT_TRUE(adversarial.runs_pgd && adversarial.needs_fisher);
  EXPECT_FALSE(resolve_variant({}, adversarial.variant_defaults).is_paper());
  EXPECT_TRUE(resolve_variant({}, method_info("adv-ewc").variant_defaults).is_paper());
}

TEST(VariantCli, TheRecommendedMethodNeedsOnlyTheForgetSetAndTheValidationSplit) {
  const ForgetOnly data;
  const testing::CliResult run =
      data.forget("plain", {"--forget-speaker", "spk0", "--epochs", "3", "--lr", "1e-3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["method"], recommended()) << "no --method: the recommended one";
  const nlohmann::json& variant = report["config"]["variant"];
  const Variant defaults = resolve_variant({}, method_info(recommended()).variant_defaults);
  EXPECT_EQ(variant["until"], defaults.until.text());
  EXPECT_DOUBLE_EQ(variant["lr_scale"].get<double>(), defaults.lr_scale);
  EXPECT_DOUBLE_EQ(variant["lambda_kl"].get<double>(), defaults.lambda_kl);
  ASSERT_TRUE(report.contains("stopping")) << report.dump(1);
  EXPECT_EQ(report["stopping"]["split"], "val");
  EXPECT_FALSE(report["stopping"]["checks"].empty());
  EXPECT_EQ(report["stopping"]["rule"], defaults.until.text());
  EXPECT_DOUBLE_EQ(report["steps"]["lr"].get<double>(), 1e-3 * defaults.lr_scale)
      << "the learning rate is scaled as the method's defaults say";
  EXPECT_EQ(report["forget"]["n"], 6) << "spk0: 3 classes x 2 utterances";
  EXPECT_EQ(report["config"]["pgd"]["m"], 2) << "M and P as named";
  EXPECT_EQ(report["config"]["pgd"]["p"], 3);

  // M and P not named: the method's own.
  const testing::CliResult own = data.forget(
      "own-attack", {"--forget-speaker", "spk0", "--epochs", "1", "--lr", "1e-3"}, false);
  ASSERT_EQ(own.exit_code, 0) << own.err;
  const nlohmann::json own_report = nlohmann::json::parse(own.out);
  EXPECT_EQ(own_report["config"]["pgd"]["m"], method_info(recommended()).pgd_m);
  EXPECT_EQ(own_report["config"]["pgd"]["p"], method_info(recommended()).pgd_p);

  // A flag overrides a default: no stopping rule runs every epoch.
  const testing::CliResult all =
      data.forget("all-epochs",
                  {"--forget-speaker", "spk0", "--until", "none", "--epochs", "3", "--lr", "1e-3"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const nlohmann::json full = nlohmann::json::parse(all.out);
  EXPECT_EQ(full["config"]["variant"]["until"], "none");
  EXPECT_FALSE(full.contains("stopping"));
  EXPECT_EQ(full["epochs"].size(), 3u);

  // --until heldout: the target is the original model's validation UAR.
  const testing::CliResult uar = data.forget(
      "uar", {"--forget-speaker", "spk0", "--until", "heldout", "--epochs", "2", "--lr", "1e-3"});
  ASSERT_EQ(uar.exit_code, 0) << uar.err;
  const nlohmann::json by_uar = nlohmann::json::parse(uar.out);
  EXPECT_EQ(by_uar["stopping"]["measure"], "uar");
  EXPECT_DOUBLE_EQ(by_uar["stopping"]["target"].get<double>(),
                   by_uar["before"]["val"]["uar"].get<double>());
}

TEST(VariantCli, AClassRequestStopsOnceTheClassIsMisclassified) {
  const ForgetOnly data;
  const testing::CliResult run =
      data.forget("class", {"--forget-class", "c1", "--method", "adv", "--until", "zero",
                            "--epochs", "20", "--lr", "1e-2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["forget"]["request"]["kind"], "class");
  EXPECT_EQ(report["forget"]["n"], 2) << "spk0's two c1 utterances";
  EXPECT_DOUBLE_EQ(report["after"]["forget"]["uar"].get<double>(), 0.0);
  EXPECT_EQ(report["stopping"]["checks"].back()["forget_uar"].get<double>(), 0.0);
  EXPECT_LE(report["stopping"]["stopped_at_epoch"].get<int>(), 20);

  // Towards the nearest wrong class, holding the original's outputs on the attack's samples.
  const testing::CliResult nearest = data.forget(
      "class-nearest", {"--forget-class", "c1", "--method", "adv", "--until", "zero", "--epochs",
                        "20", "--lr", "1e-2", "--wrong-labels", "nearest", "--lambda-kl", "1"});
  ASSERT_EQ(nearest.exit_code, 0) << nearest.err;
  const nlohmann::json near = nlohmann::json::parse(nearest.out);
  EXPECT_EQ(near["config"]["variant"]["wrong_labels"], "nearest");
  EXPECT_EQ(report["config"]["variant"]["wrong_labels"], "random");
  EXPECT_LT(near["after"]["forget"]["uar"].get<double>(),
            near["before"]["forget"]["uar"].get<double>());

  // Lowering the class alone, until it is misclassified.
  const testing::CliResult lowered = data.forget(
      "class-lower", {"--forget-class", "c1", "--method", "adv", "--until", "zero", "--epochs",
                      "20", "--lr", "1e-2", "--wrong-labels", "lower", "--lambda-kl", "1"});
  ASSERT_EQ(lowered.exit_code, 0) << lowered.err;
  const nlohmann::json low = nlohmann::json::parse(lowered.out);
  EXPECT_EQ(low["config"]["variant"]["wrong_labels"], "lower");
  EXPECT_DOUBLE_EQ(low["after"]["forget"]["uar"].get<double>(), 0.0);

  // No --method: the class recipe, keeping what the command line names (here M, the epochs
  // and the distillation weight; P is the recipe's).
  const testing::CliResult recipe = data.forget(
      "class-recipe",
      {"--forget-class", "c1", "--epochs", "20", "--lr", "1e-2", "--lambda-kl", "0.5", "--m", "1"},
      false);
  ASSERT_EQ(recipe.exit_code, 0) << recipe.err;
  const nlohmann::json r = nlohmann::json::parse(recipe.out);
  EXPECT_EQ(r["method"], class_method().name);
  EXPECT_EQ(r["config"]["variant"]["wrong_labels"], "lower");
  EXPECT_EQ(r["config"]["variant"]["until"], "none");
  EXPECT_EQ(r["epochs"].size(), 20U) << "--epochs named";
  EXPECT_EQ(r["config"]["variant"]["lambda_kl"], 0.5);
  EXPECT_EQ(r["config"]["pgd"]["m"], 1);
  EXPECT_EQ(r["config"]["pgd"]["p"], kClassPgdSteps);
  EXPECT_LT(r["after"]["forget"]["uar"].get<double>(), r["before"]["forget"]["uar"].get<double>());
}

TEST(VariantCli, BadVariantValuesFailWithOneLineNamingTheFlag) {
  const ForgetOnly data;
  for (const auto& [flag, value] :
       std::vector<std::pair<std::string, std::string>>{{"--until", "later"},
                                                        {"--lr-scale", "0"},
                                                        {"--until-every", "-1"},
                                                        {"--saliency", "2"},
                                                        {"--importance", "grad"},
                                                        {"--optimizer", "rmsprop"},
                                                        {"--wrong-labels", "closest"}}) {
    const testing::CliResult run = data.forget("bad", {"--forget-speaker", "spk0", flag, value});
    EXPECT_NE(run.exit_code, 0) << flag;
    EXPECT_NE(run.err.find(flag), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(data.dir / "bad")) << flag;
  }
  // The held-out rule needs a split the model was not trained on.
  const testing::CliResult train_split = data.forget(
      "bad", {"--forget-speaker", "spk0", "--until", "heldout", "--until-split", "train"});
  EXPECT_NE(train_split.exit_code, 0);
  EXPECT_NE(train_split.err.find("--until-split train is a training split"), std::string::npos)
      << train_split.err;
  // So does distillation on it.
  const testing::CliResult hold_train =
      data.forget("bad", {"--forget-speaker", "spk0", "--lambda-heldout", "1", "--until", "none",
                          "--until-split", "train"});
  EXPECT_NE(hold_train.exit_code, 0);
  EXPECT_NE(hold_train.err.find("--lambda-heldout: --until-split train is a training split"),
            std::string::npos)
      << hold_train.err;
  EXPECT_FALSE(fs::exists(data.dir / "bad"));
}

// --lambda-heldout from the command line: the validation split is read even without a
// stopping rule that scores it, the report records the weight and the split, and the
// distillation holds the original's outputs on it closer than the same run without it.
TEST(VariantCli, DistillationOnTheValidationSplitHoldsItsOutputs) {
  const ForgetOnly data;
  const std::vector<std::string> common = {
      "--method", "ranlab", "--forget-speaker", "spk0", "--epochs", "4", "--lr", "3e-3"};
  std::vector<std::string> held = common;
  held.insert(held.end(), {"--lambda-heldout", "4"});
  const testing::CliResult with = data.forget("with", held);
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const testing::CliResult without = data.forget("without", common);
  ASSERT_EQ(without.exit_code, 0) << without.err;
  const nlohmann::json a = nlohmann::json::parse(with.out);
  const nlohmann::json b = nlohmann::json::parse(without.out);
  EXPECT_DOUBLE_EQ(a["config"]["variant"]["lambda_heldout"].get<double>(), 4.0);
  EXPECT_EQ(a["config"]["until_split"], "val");
  EXPECT_FALSE(b["config"].contains("until_split"));
  // Its memory estimate counts the held-out batch each step forwards beside the forget batch.
  EXPECT_NE(a["memory"]["estimate"]["pass"].get<std::string>().find("batches of 24 clips"),
            std::string::npos)
      << a["memory"].dump();
  EXPECT_NE(b["memory"]["estimate"]["pass"].get<std::string>().find("batches of 16 clips"),
            std::string::npos)
      << b["memory"].dump();
  // The same forget batches either way (the held-out order has its own stream), so the
  // difference is the term: the forget set still moves, validation keeps more.
  EXPECT_LT(a["after"]["forget"]["uar"].get<double>(),
            a["before"]["forget"]["uar"].get<double>() + 1e-9);
  const auto val_drift = [](const nlohmann::json& r) {
    return std::abs(r["after"]["val"]["uar"].get<double>() -
                    r["before"]["val"]["uar"].get<double>());
  };
  EXPECT_LE(val_drift(a), val_drift(b));
}

}  // namespace
}  // namespace emoforget::unlearn
