// The paper's future work end to end on a mini model: class unlearning (every training
// utterance of one emotion) and attribute unlearning (gender, from the pooled
// embedding), each audited with its own evidence block.
#include <gtest/gtest.h>

#include "audit/attribute_evidence.h"
#include "audit/audit.h"
#include "audit/class_forgetting.h"
#include "common/error.h"
#include "data/manifest.h"
#include "model/checkpoint.h"
#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "train/finetune.h"
#include "train/inference.h"
#include "unlearn/unlearn.h"

namespace emoforget::audit {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

constexpr double kSeconds = 0.5;
constexpr int kBriefEpochs = 2;

// A gendered tone corpus (6 speakers per split, 3 of each gender, 4 utterances per speaker and
// class) and a mini model fine-tuned on its emotions.
struct Gendered {
  TempDir dir;
  fs::path manifest, init, model;

  Gendered() {
    testing::ToneCorpusSpec spec;
    spec.genders = true;
    spec.speakers_per_split = 6;
    spec.per_speaker_class = 4;
    manifest = testing::write_tone_corpus(dir / "corpus", spec);
    init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
    model = finetune(manifest, dir / "model");
  }

  fs::path finetune(const fs::path& corpus, const fs::path& out, int epochs = 30) const {
    train::FinetuneConfig config;
    config.manifest = corpus;
    config.init = init;
    config.out = out;
    config.epochs = epochs;
    config.run.batch = 4;
    config.lr = 1e-3;
    config.run.max_seconds = kSeconds;
    config.keep = "last";
    train::finetune(config);
    return out;
  }

  AuditConfig audit(const fs::path& unlearned, const fs::path& original = {}) const {
    AuditConfig c;
    c.original = original.empty() ? model : original;
    c.unlearned = unlearned;
    c.manifest = manifest;
    c.run.batch = 8;
    c.run.max_seconds = kSeconds;
    c.run.seed = 3;
    return c;
  }
};

class ClassAttribute : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { data_ = std::make_unique<Gendered>(); }
  static void TearDownTestSuite() { data_.reset(); }
  static std::unique_ptr<Gendered> data_;
};
std::unique_ptr<Gendered> ClassAttribute::data_;

TEST(ClassForgetting, TheGoalNeedsTheClassGoneAndTheOthersKept) {
  const auto models = [](double forgotten, double other) {
    nlohmann::json m;
    m["original"]["held_out"]["test"]["recall"] = {{"a", 0.8}, {"b", 0.5}, {"c", 0.6}};
    m["unlearned"]["held_out"]["test"]["recall"] = {{"a", forgotten}, {"b", other}, {"c", 0.6}};
    return m;
  };
  nlohmann::json j = class_forgetting(models(0.0, 0.5), "a", "test");
  EXPECT_TRUE(j["met"].get<bool>());
  EXPECT_DOUBLE_EQ(j["recall"]["original"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(j["other_classes_kept"]["b"].get<double>(), 1.0);
  j = class_forgetting(models(0.2, 0.5), "a", "test");
  EXPECT_FALSE(j["met"].get<bool>()) << "the class is still recognised";
  j = class_forgetting(models(0.0, 0.45), "a", "test");
  EXPECT_FALSE(j["met"].get<bool>()) << "b kept only 90 %";
  EXPECT_DOUBLE_EQ(j["least_kept"].get<double>(), 0.9);
  EXPECT_THROW(class_forgetting(models(0.0, 0.5), "z", "test"), Error);
}

TEST_F(ClassAttribute, ForgettingAClassDrivesItsRecallDownAndTheAuditSaysSo) {
  unlearn::UnlearnConfig forget;
  forget.model_dir = data_->model;
  forget.manifest = data_->manifest;
  forget.out = data_->dir / "class";
  forget.method = "adv";
  forget.forget.label = "c0";
  forget.settings.pgd.m = 2;
  forget.settings.pgd.p = 5;
  forget.settings.epochs = 8;
  forget.settings.lr = 1e-3;
  forget.settings.variant.until = "zero";
  forget.run.batch = 8;
  forget.run.max_seconds = kSeconds;
  const nlohmann::json report = unlearn::run_unlearning(forget);
  EXPECT_EQ(report["forget"]["request"]["kind"], "class");
  EXPECT_EQ(report["forget"]["n"], 24) << "6 training speakers x 4 utterances of c0";
  EXPECT_DOUBLE_EQ(report["after"]["forget"]["recall"]["c0"].get<double>(), 0.0)
      << "--until zero stops once every c0 utterance is misclassified";
  EXPECT_EQ(report["stopping"]["checks"].back()["forget_uar"].get<double>(), 0.0);

  const nlohmann::json audit = run_audit(data_->audit(forget.out));
  ASSERT_TRUE(audit.contains("class_forgetting")) << audit.dump(1);
  const nlohmann::json& block = audit["class_forgetting"];
  EXPECT_EQ(block["class"], "c0");
  const double before = block["recall"]["original"].get<double>();
  const double after = block["recall"]["unlearned"].get<double>();
  EXPECT_GT(before, 0.5) << "the model knew the class on unseen speakers";
  EXPECT_LT(after, before);
  EXPECT_EQ(block["other_classes_kept"].size(), 2u);
  EXPECT_NE(audit_markdown(audit).find("Class unlearning (c0"), std::string::npos);
}

TEST_F(ClassAttribute, TheProbeDetectsGenderOnAModelTrainedToPredictIt) {
  // The same audio labelled by gender.
  data::Manifest corpus = data::read_manifest(data_->manifest);
  for (data::Utterance& u : corpus.utterances)
    u.emotion = u.gender == "f" ? "c0" : "c1";
  const fs::path relabelled = data_->dir / "corpus" / "gender-as-label.csv";
  data::write_manifest(relabelled, corpus);
  const fs::path gender_model = data_->finetune(relabelled, data_->dir / "gender-model");
  model::SequenceClassifier model = model::load_model(gender_model);
  const auto rows = probe_utterances(corpus, "gender", {"train"});
  const data::BinaryAttribute attribute = data::binary_attribute(corpus, rows, "gender");
  audio::AudioConfig audio;
  audio.max_seconds = kSeconds;
  const train::LabeledAudio set =
      train::load_labeled_audio(corpus, rows, model->config().id2label, audio);
  const nlohmann::json probe = probe_model(model, set, attribute, {}, 8, {});
  EXPECT_GE(probe["balanced_accuracy"].get<double>(), 0.9) << probe.dump();
  EXPECT_EQ(probe["speakers"][0], 6);
}

TEST_F(ClassAttribute, ForgettingGenderLeavesAProbeNearChanceAndKeepsEmotion) {
  // A fully trained 16-wide mini model keeps only what separates the emotions; a briefly
  // trained one still carries the voice in its embedding, as a real model does.
  const fs::path original = data_->finetune(data_->manifest, data_->dir / "brief", kBriefEpochs);
  const fs::path out = data_->dir / "no-gender";
  const testing::CliResult result =
      testing::run_cli({"--quiet", "forget", "--model", original.string(), "--manifest",
                        data_->manifest.string(), "--forget-attribute", "gender", "--out",
                        out.string(), "--max-seconds", "0.5", "--batch", "8"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["method"], "inlp") << "an attribute request has its own method";
  EXPECT_GE(report["attribute"]["directions_removed"].get<int64_t>(), 1);

  const nlohmann::json audit = run_audit(data_->audit(out, original));
  ASSERT_TRUE(audit.contains("attribute_unlearning")) << audit.dump(1);
  const nlohmann::json& block = audit["attribute_unlearning"];
  const double before = block["probe_balanced_accuracy"]["original"].get<double>();
  const double after = block["probe_balanced_accuracy"]["unlearned"].get<double>();
  EXPECT_GE(before, 0.75) << "the original embedding tells gender";
  // The training speakers' probe reaches the target; held-out speakers keep some of the
  // cue on a model this small (the <= 0.60 goal is measured on a real corpus, docs).
  EXPECT_LE(report["attribute"]["probe_balanced_accuracy"].back().get<double>(),
            report["attribute"]["target_probe_accuracy"].get<double>());
  EXPECT_LT(after, before - 0.1) << "held-out speakers: " << report["attribute"].dump();
  EXPECT_GT(block["emotion_uar_kept"].get<double>(), 0.0);
  EXPECT_NE(audit_markdown(audit).find("Attribute probe (gender"), std::string::npos);

  // Other methods refuse attribute requests, and inlp refuses utterance requests.
  const testing::CliResult wrong =
      testing::run_cli({"--quiet", "forget", "--model", data_->model.string(), "--manifest",
                        data_->manifest.string(), "--forget-attribute", "gender", "--method", "adv",
                        "--out", (data_->dir / "wrong").string()});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("use --method inlp"), std::string::npos) << wrong.err;
  EXPECT_FALSE(fs::exists(data_->dir / "wrong"));
}

}  // namespace
}  // namespace emoforget::audit
