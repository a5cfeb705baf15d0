#include "unlearn/unlearn.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "data/manifest.h"
#include "model/checkpoint.h"
#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "tensor_io/safetensors.h"
#include "train/finetune.h"
#include "train/inference.h"
#include "unlearn/forget_set.h"
#include "unlearn/relabel.h"

namespace emoforget::unlearn {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

// A corpus, an initial mini model, and that model fine-tuned on the corpus.
struct Trained {
  TempDir dir;
  fs::path manifest;
  fs::path init;
  fs::path model;

  Trained() {
    manifest = testing::write_tone_corpus(dir / "corpus");
    init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
    train::FinetuneConfig config;
    config.manifest = manifest;
    config.init = init;
    config.out = model = dir / "model";
    config.epochs = 2;
    config.run.batch = 4;
    config.lr = 1e-3;
    config.run.max_seconds = 0.5;
    train::finetune(config);
  }
};

UnlearnConfig quick(const Trained& t, const std::string& method) {
  UnlearnConfig config;
  config.model_dir = t.model;
  config.manifest = t.manifest;
  config.out = t.dir / ("out-" + method);
  config.method = method;
  config.init = t.init;
  config.forget.random = 3;
  config.settings.pgd.m = 2;
  config.settings.pgd.p = 2;
  config.settings.epochs = 1;
  config.settings.retrain_epochs = 1;
  config.run.batch = 4;
  config.settings.lr = 1e-3;
  config.settings.lambda_ewc = 1.0;
  config.run.max_seconds = 0.5;
  config.run.seed = 3;
  return config;
}

TEST(Unlearn, EveryMethodWritesModelAndReport) {
  Trained t;
  const auto original = tensor_io::read_safetensors(t.model / "model.safetensors");
  for (const std::string method : {"adv-ewc", "adv", "ranlab", "remain", "neggrad", "retrain"}) {
    SCOPED_TRACE(method);
    const UnlearnConfig config = quick(t, method);
    const nlohmann::json report = run_unlearning(config);
    EXPECT_EQ(report["method"], method);
    EXPECT_EQ(report["seed"], 3);
    EXPECT_EQ(report["forget"]["n"], 3u);
    EXPECT_FALSE(report["forget"].contains("utt_ids")) << "no forgotten id in clear";
    EXPECT_EQ(report["lineage"]["requests"].back()["utt_hashes"].size(), 3u);
    EXPECT_TRUE(report["before"].contains("forget"));
    EXPECT_TRUE(report["after"].contains("val"));
    EXPECT_TRUE(report["after"].contains("test"));
    EXPECT_TRUE(fs::exists(config.out / "model.safetensors"));
    EXPECT_TRUE(fs::exists(config.out / "report.json"));
    EXPECT_FALSE(fs::exists(config.out / "forget.csv"));
    if (method == "adv" || method == "adv-ewc") {
      EXPECT_TRUE(report.contains("adversarial"));
      EXPECT_EQ(report["adversarial"]["samples"], 6);
      EXPECT_TRUE(report["timings"].contains("pgd_seconds"));
    }
    if (method == "adv-ewc") {
      EXPECT_TRUE(report["timings"].contains("fisher_seconds"));
    }
    if (method == "retrain") {
      EXPECT_EQ(report["recipe"], (t.model / "report.json").string())
          << "the reference repeats the original fine-tuning";
      EXPECT_EQ(report["finetune"]["config"]["epochs"], 1) << "--retrain-epochs overrides";
      EXPECT_DOUBLE_EQ(report["finetune"]["config"]["lr"].get<double>(), 1e-3);
      EXPECT_EQ(report["finetune"]["config"]["batch"], 4);
    }
    int64_t labelled = 0;
    for (const auto& [name, count] : report["forget"]["true_label_counts"].items())
      labelled += count.get<int64_t>();
    EXPECT_EQ(labelled, 3) << "every forget utterance counted under its label";
    EXPECT_EQ(report["forget"].contains("wrong_label_counts"), method != "retrain");
  }
  const auto after = tensor_io::read_safetensors(t.model / "model.safetensors");
  for (const auto& [name, tensor] : original) {
    EXPECT_TRUE(torch::equal(tensor, after.at(name))) << "input model modified: " << name;
  }
}

TEST(Unlearn, RetrainChangesTheInitialWeightsAndLowersItsTrainingLoss) {
  Trained t;
  UnlearnConfig config = quick(t, "retrain");
  config.settings.retrain_epochs = 3;
  const nlohmann::json report = run_unlearning(config);
  const auto& epochs = report["finetune"]["epochs"];
  ASSERT_EQ(epochs.size(), 3u);
  EXPECT_LT(epochs.back()["train_loss"].get<double>(), epochs.front()["train_loss"].get<double>());
  EXPECT_EQ(report["finetune"]["config"]["excluded_utterances"], 3) << "trained without D_e";
  const auto init = tensor_io::read_safetensors(t.init / "model.safetensors");
  const auto retrained = tensor_io::read_safetensors(config.out / "model.safetensors");
  double change = 0.0;
  for (const auto& [name, tensor] : init) {
    if (retrained.count(name)) change += (retrained.at(name) - tensor).abs().sum().item<double>();
  }
  EXPECT_GT(change, 1e-3);
  // One writer: the directory holds the model and its report (no forget list), and the
  // fine-tuning's resume state is gone.
  EXPECT_EQ(testing::list_files(config.out),
            (std::vector<std::string>{"config.json", "model.safetensors", "report.json"}));
  EXPECT_FALSE(fs::exists(t.dir / "out-retrain.train"));
}

TEST(Unlearn, ClipLengthDefaultsToTheModelsAndRetrainRepeatsIt) {
  Trained t;  // fine-tuned at 0.5 s clips
  UnlearnConfig config = quick(t, "ranlab");
  config.run.max_seconds = 0;  // the default: as the model was trained
  const nlohmann::json report = run_unlearning(config);
  EXPECT_EQ(report["config"]["max_seconds"], 0.5);
  EXPECT_NE(report["max_seconds_choice"].get<std::string>().find("report.json"), std::string::npos);

  UnlearnConfig retrain = quick(t, "retrain");
  retrain.run.max_seconds = 0.25;  // scoring at another length leaves the recipe's alone
  const nlohmann::json retrained = run_unlearning(retrain);
  EXPECT_EQ(retrained["config"]["max_seconds"], 0.25);
  EXPECT_EQ(retrained["finetune"]["config"]["max_seconds"], 0.5) << "the recipe's clip length";
}

TEST(Unlearn, ForgetSetAloneMethodsRunWithoutAnyOtherAudio) {
  Trained t;
  // Choose the forget set first, then delete every other audio file of the corpus.
  testing::write_text(t.dir / "forget.csv", "utt_id\nspk0_c0_0\nspk1_c1_1\nspk0_c2_0\n");
  for (const auto& entry : fs::directory_iterator(t.dir / "corpus" / "wav")) {
    const std::string name = entry.path().stem().string();
    if (name != "spk0_c0_0" && name != "spk1_c1_1" && name != "spk0_c2_0") fs::remove(entry.path());
  }
  for (const std::string method : {"adv-ewc", "adv", "ranlab", "neggrad"}) {
    SCOPED_TRACE(method);
    UnlearnConfig config = quick(t, method);
    config.forget.random = 0;
    config.forget.file = t.dir / "forget.csv";
    config.eval_splits.clear();
    const nlohmann::json report = run_unlearning(config);
    EXPECT_EQ(report["forget"]["n"], 3);
    EXPECT_FALSE(report["reads_remain_set"].get<bool>());
  }
  UnlearnConfig remain = quick(t, "remain");
  remain.forget.random = 0;
  remain.forget.file = t.dir / "forget.csv";
  remain.eval_splits.clear();
  EXPECT_THROW(run_unlearning(remain), Error) << "remain needs the deleted remain-set audio";
  EXPECT_FALSE(fs::exists(remain.out));
}

TEST(Unlearn, PgdCacheSharesTheAttackWithoutChangingResults) {
  Trained t;
  UnlearnConfig plain = quick(t, "adv-ewc");
  run_unlearning(plain);
  UnlearnConfig first = quick(t, "adv");
  first.out = t.dir / "cached-adv";
  first.pgd_cache = t.dir / "pgd-cache";
  const auto stored = run_unlearning(first);
  EXPECT_EQ(stored["adversarial"]["cache"]["status"], "stored");
  UnlearnConfig second = quick(t, "adv-ewc");
  second.out = t.dir / "cached-adv-ewc";
  second.pgd_cache = first.pgd_cache;
  const auto hit = run_unlearning(second);
  EXPECT_EQ(hit["adversarial"]["cache"]["status"], "hit") << "adv-ewc reuses adv's attack";
  const auto a = tensor_io::read_safetensors(plain.out / "model.safetensors");
  const auto b = tensor_io::read_safetensors(second.out / "model.safetensors");
  for (const auto& [name, tensor] : a)
    EXPECT_TRUE(torch::equal(tensor, b.at(name))) << name;
}

TEST(Unlearn, NearestWrongLabelsAreTheOriginalModelsRunnerUp) {
  Trained t;
  const data::Manifest manifest = data::read_manifest(t.manifest);
  const auto context_for = [&](const std::string& wrong_labels, Rng& rng) {
    UnlearnConfig config = quick(t, "ranlab");
    config.forget.random = 6;
    if (!wrong_labels.empty()) config.settings.variant.wrong_labels = wrong_labels;
    const auto utts = select_forget_set(manifest, config.forget, config.train_splits, rng);
    return make_context(config, manifest, utts, rng);
  };
  Rng random_rng(3), nearest_rng(3);
  const UnlearnContext random = context_for("", random_rng);
  const UnlearnContext nearest = context_for("nearest", nearest_rng);
  ASSERT_TRUE(torch::equal(random.forget.labels, nearest.forget.labels)) << "same forget set";
  model::SequenceClassifier original = model::load_model(t.model);
  const torch::Tensor logits =
      train::predict_logits(original, nearest.forget, 4, train::DeviceConfig{});
  EXPECT_TRUE(
      torch::equal(nearest.wrong_labels, nearest_wrong_labels(logits, nearest.forget.labels)));
  EXPECT_EQ(nearest.wrong_labels.eq(nearest.forget.labels).sum().item<int64_t>(), 0);
  EXPECT_EQ(random_rng.next_u64(), nearest_rng.next_u64())
      << "the attack and every later draw see the same random stream";
  EXPECT_FALSE(nearest.wrong_targets.defined()) << "hard labels only";
  // Soft: the original's other-class distribution, its argmax the nearest label.
  Rng soft_rng(3);
  const UnlearnContext soft = context_for("soft", soft_rng);
  ASSERT_TRUE(soft.wrong_targets.defined());
  EXPECT_TRUE(torch::allclose(soft.wrong_targets, soft_wrong_targets(logits, soft.forget.labels)));
  EXPECT_TRUE(torch::equal(soft.wrong_labels, nearest.wrong_labels));
  Rng random_again(3);
  context_for("", random_again);
  EXPECT_EQ(soft_rng.next_u64(), random_again.next_u64()) << "the same random stream";
}

TEST(Unlearn, SameSeedSameResult) {
  Trained t;
  UnlearnConfig a = quick(t, "adv-ewc");
  UnlearnConfig b = a;
  b.out = t.dir / "again";
  run_unlearning(a);
  run_unlearning(b);
  const auto x = tensor_io::read_safetensors(a.out / "model.safetensors");
  const auto y = tensor_io::read_safetensors(b.out / "model.safetensors");
  for (const auto& [name, tensor] : x)
    EXPECT_TRUE(torch::equal(tensor, y.at(name))) << name;
}

TEST(Unlearn, BadInputIsRejectedBeforeAnyOutput) {
  Trained t;
  auto expect_error = [&](UnlearnConfig config, const std::string& needle) {
    try {
      run_unlearning(config);
      ADD_FAILURE() << "expected an error mentioning " << needle;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(config.out));
  };
  UnlearnConfig config = quick(t, "adv-ewc");
  config.forget.random = 500;
  expect_error(config, "larger");
  config = quick(t, "retrain");
  config.init.clear();
  expect_error(config, "--init");
  config = quick(t, "adv");
  config.settings.pgd.tau = 0;
  expect_error(config, "--tau");
  config = quick(t, "adv");
  config.settings.pgd.m = 0;
  expect_error(config, "--m");
  config = quick(t, "adv");
  config.settings.pgd.p = 0;
  expect_error(config, "--p");
  config = quick(t, "adv");
  config.forget.random = 0;
  config.forget.speaker = "spk4";  // a validation speaker
  expect_error(config, "no training utterances");
  config = quick(t, "adv");
  config.method = "magic";
  expect_error(config, "unknown method");
}

TEST(UnlearnCli, ForgetRunsAndRejectsBadFlags) {
  Trained t;
  const auto r =
      testing::run_cli({"forget", "--model", t.model.string(), "--manifest", t.manifest.string(),
                        "--out", (t.dir / "cli").string(), "--method", "ranlab", "--forget-random",
                        "2", "--epochs", "1", "--max-seconds", "0.5", "--lr", "1e-3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["forget"]["n"], 2);
  const auto bad = testing::run_cli({"forget", "--model", t.model.string(), "--manifest",
                                     t.manifest.string(), "--out", (t.dir / "x").string(),
                                     "--method", "magic", "--forget-random", "2"});
  EXPECT_NE(bad.exit_code, 0);
  const auto none = testing::run_cli({"forget", "--model", t.model.string(), "--manifest",
                                      t.manifest.string(), "--out", (t.dir / "y").string()});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("exactly one"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace emoforget::unlearn
