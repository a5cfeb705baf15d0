#include "train/finetune.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "model/checkpoint.h"
#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "tensor_io/safetensors.h"

namespace emoforget::train {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

FinetuneConfig mini_config(const TempDir& dir, const fs::path& manifest) {
  FinetuneConfig config;
  config.manifest = manifest;
  config.init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
  config.out = dir / "out";
  config.epochs = 3;
  config.run.batch = 4;
  config.lr = 1e-3;
  config.run.max_seconds = 0.5;
  config.run.seed = 11;
  return config;
}

TEST(Finetune, WritesCheckpointAndReport) {
  TempDir dir;
  const auto manifest = testing::write_tone_corpus(dir / "corpus");
  const FinetuneConfig config = mini_config(dir, manifest);
  const nlohmann::json report = finetune(config);
  EXPECT_EQ(report["epochs"].size(), 3u);
  EXPECT_GE(report["best_epoch"].get<int>(), 1);
  EXPECT_TRUE(report["final"].contains("test"));
  EXPECT_TRUE(fs::exists(config.out / "config.json"));
  EXPECT_TRUE(fs::exists(config.out / "model.safetensors"));
  EXPECT_TRUE(fs::exists(config.out / "report.json"));
  EXPECT_FALSE(fs::exists(config.work_dir())) << "the working folder is removed at the end";
  const auto model = model::load_model(config.out);
  EXPECT_EQ(model->config().id2label, testing::tone_labels(3));
}

// Runs `straight` uninterrupted, then again stopped after epoch 1 and resumed; the
// two final models must be identical.
void expect_resume_matches(const TempDir& dir, FinetuneConfig straight) {
  straight.keep = "last";
  finetune(straight);

  FinetuneConfig interrupted = straight;
  interrupted.out = dir / "out2";
  FinetuneHooks stop_after_first;
  stop_after_first.stop_after_epoch = [](int epoch) { return epoch == 1; };
  const auto partial = finetune(interrupted, stop_after_first);
  EXPECT_TRUE(partial.value("interrupted", false));
  EXPECT_FALSE(fs::exists(interrupted.out));
  EXPECT_THROW(finetune(interrupted), Error) << "an interrupted run must be resumed explicitly";
  interrupted.resume = true;
  const auto resumed = finetune(interrupted);
  EXPECT_EQ(resumed["epochs"].size(), 3u);

  const auto a = tensor_io::read_safetensors(straight.out / "model.safetensors");
  const auto b = tensor_io::read_safetensors(interrupted.out / "model.safetensors");
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, tensor] : a) {
    ASSERT_TRUE(b.count(name)) << name;
    EXPECT_TRUE(torch::equal(tensor, b.at(name))) << name;
  }
}

TEST(Finetune, ResumedRunEqualsUninterruptedRun) {
  TempDir dir;
  expect_resume_matches(dir, mini_config(dir, testing::write_tone_corpus(dir / "corpus")));
}

TEST(Finetune, RandomCropResumesExactly) {
  TempDir dir;
  FinetuneConfig config = mini_config(dir, testing::write_tone_corpus(dir / "corpus"));
  config.crop = "random";
  config.run.max_seconds = 0.2;  // shorter than the 0.5 s clips, so windows move
  expect_resume_matches(dir, config);
}

TEST(Finetune, RandomCropTrainsOnOtherWindowsThanStartCrop) {
  TempDir dir;
  FinetuneConfig start = mini_config(dir, testing::write_tone_corpus(dir / "corpus"));
  start.epochs = 1;
  start.run.max_seconds = 0.2;
  start.keep = "last";
  FinetuneConfig random = start;
  random.crop = "random";
  random.out = dir / "out_random";
  const auto report = finetune(random);
  EXPECT_EQ(report["config"]["crop"], "random");
  finetune(start);
  const auto a = tensor_io::read_safetensors(start.out / "model.safetensors");
  const auto b = tensor_io::read_safetensors(random.out / "model.safetensors");
  bool differs = false;
  for (const auto& [name, tensor] : a)
    differs = differs || !torch::equal(tensor, b.at(name));
  EXPECT_TRUE(differs);
}

TEST(Finetune, SaveInitWritesTheStartingWeights) {
  TempDir dir;
  FinetuneConfig config = mini_config(dir, testing::write_tone_corpus(dir / "corpus"));
  config.epochs = 1;
  config.save_init = dir / "start";
  finetune(config);
  const auto start = tensor_io::read_safetensors(config.save_init / "model.safetensors");
  const auto init = tensor_io::read_safetensors(config.init / "model.safetensors");
  const auto trained = tensor_io::read_safetensors(config.out / "model.safetensors");
  bool moved = false;
  for (const auto& [name, tensor] : init) {
    ASSERT_TRUE(start.count(name)) << name;
    EXPECT_TRUE(torch::equal(tensor, start.at(name))) << name;
    moved = moved || !torch::equal(tensor, trained.at(name));
  }
  EXPECT_TRUE(moved) << "training changed the weights, the saved start did not";
  config.save_init = config.out;
  EXPECT_THROW(config.validate(), Error);
}

TEST(Finetune, SameSeedSameWeights) {
  TempDir dir;
  const auto manifest = testing::write_tone_corpus(dir / "corpus");
  FinetuneConfig first = mini_config(dir, manifest);
  first.epochs = 1;
  FinetuneConfig second = first;
  second.out = dir / "out2";
  finetune(first);
  finetune(second);
  const auto a = tensor_io::read_safetensors(first.out / "model.safetensors");
  const auto b = tensor_io::read_safetensors(second.out / "model.safetensors");
  for (const auto& [name, tensor] : a)
    EXPECT_TRUE(torch::equal(tensor, b.at(name))) << name;
}

TEST(Finetune, EmptySplitIsAnError) {
  TempDir dir;
  testing::ToneCorpusSpec spec;
  const auto manifest = testing::write_tone_corpus(dir / "corpus", spec);
  FinetuneConfig config = mini_config(dir, manifest);
  config.train_splits = {"train"};
  config.val_split = "test";
  config.exclude_utt_ids.clear();
  // Exclude every training utterance: nothing left to train on.
  for (int s = 0; s < spec.speakers_per_split; ++s)
    for (int c = 0; c < spec.classes; ++c)
      for (int k = 0; k < spec.per_speaker_class; ++k)
        config.exclude_utt_ids.insert("spk" + std::to_string(s) + "_c" + std::to_string(c) + "_" +
                                      std::to_string(k));
  try {
    finetune(config);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no training utterances"), std::string::npos) << e.what();
  }
}

TEST(Finetune, LabelUnknownToInitIsAnErrorNamingTheRow) {
  TempDir dir;
  const auto manifest = testing::write_tone_corpus(dir / "corpus");
  FinetuneConfig config = mini_config(dir, manifest);
  config.init = testing::write_mini_model(dir / "init2", {"c0", "c1", "other"});
  try {
    finetune(config);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("row"), std::string::npos) << message;
    EXPECT_NE(message.find("'c2'"), std::string::npos) << message;
  }
  EXPECT_FALSE(fs::exists(config.out));
}

TEST(Finetune, UnreadableFileIsNamedBeforeTraining) {
  TempDir dir;
  const auto manifest = testing::write_tone_corpus(dir / "corpus");
  testing::write_text(dir / "corpus" / "wav" / "spk1_c1_0.wav", "not audio at all");
  FinetuneConfig config = mini_config(dir, manifest);
  try {
    finetune(config);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("spk1_c1_0.wav"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(config.out));
  EXPECT_FALSE(fs::exists(config.work_dir())) << "nothing was trained, so nothing to resume";
}

TEST(Finetune, CudaWithoutCudaIsAnError) {
  FinetuneConfig config;
  config.manifest = "m.csv";
  config.out = "out";
  config.preset = "tiny";
  config.run.device.device = "cuda";
  if (torch::cuda::is_available()) GTEST_SKIP() << "CUDA present";
  EXPECT_THROW(config.validate(), Error);
}

TEST(Finetune, FlagsAreValidated) {
  FinetuneConfig config;
  config.manifest = "m.csv";
  config.out = "out";
  EXPECT_THROW(config.validate(), Error) << "neither --init nor --preset";
  config.preset = "tiny";
  config.validate();
  config.preset = "huge";
  EXPECT_THROW(config.validate(), Error);
  config.preset = "tiny";
  config.epochs = -1;
  EXPECT_THROW(config.validate(), Error);
  config.epochs = 0;
  config.validate();  // the recipe's
  EXPECT_EQ(config.resolved_epochs(448), 72) << "4000 steps of batch 8 over 448 clips";
  EXPECT_EQ(config.resolved_epochs(1568), 21);
  EXPECT_EQ(config.resolved_epochs(8000), 20);
  config.epochs = 1;
  config.train_splits = {"train", "val"};
  EXPECT_THROW(config.validate(), Error) << "validating on a training split";
  config.val_split = "test";
  config.validate();
  EXPECT_EQ(config.resolved_lr().first, kScratchLearningRate);
  config.lr = 1e-4;
  EXPECT_EQ(config.resolved_lr().first, 1e-4);
  config.crop = "middle";
  EXPECT_THROW(config.validate(), Error);
  config.crop = "random";
  config.validate();
}

TEST(FinetuneConfig, RecipeDependsOnWhereTrainingStarts) {
  FinetuneConfig scratch;
  scratch.preset = "tiny";
  const FinetuneConfig s = scratch.resolved();
  EXPECT_EQ(s.run.batch, kScratchRecipe.batch);
  EXPECT_DOUBLE_EQ(s.run.max_seconds, kScratchRecipe.max_seconds);
  EXPECT_EQ(s.crop, "random");
  EXPECT_DOUBLE_EQ(s.warmup_ratio, kScratchRecipe.warmup_ratio);
  EXPECT_EQ(s.schedule, "linear");
  EXPECT_EQ(scratch.to_json()["recipe"], "from scratch");
  EXPECT_EQ(scratch.to_json()["batch"], kScratchRecipe.batch) << "the report records what ran";

  FinetuneConfig pretrained;
  pretrained.init = "some/checkpoint";
  const FinetuneConfig p = pretrained.resolved();
  EXPECT_EQ(p.run.batch, 16);
  EXPECT_DOUBLE_EQ(p.run.max_seconds, 3.0);
  EXPECT_EQ(p.crop, "start");
  EXPECT_DOUBLE_EQ(p.warmup_ratio, 0.0);
  EXPECT_EQ(p.schedule, "constant");
  EXPECT_DOUBLE_EQ(p.resolved_lr().first, kPretrainedLearningRate);

  scratch.run.batch = 32;
  scratch.crop = "start";
  scratch.warmup_ratio = 0.0;
  scratch.run.max_seconds = 2.0;
  const FinetuneConfig given = scratch.resolved();
  EXPECT_EQ(given.run.batch, 32) << "a given value is kept";
  EXPECT_EQ(given.crop, "start");
  EXPECT_DOUBLE_EQ(given.warmup_ratio, 0.0);
  EXPECT_DOUBLE_EQ(given.run.max_seconds, 2.0);
  scratch.warmup_ratio = -0.5;
  scratch.manifest = "m.csv";
  scratch.out = "o";
  EXPECT_THROW(scratch.validate(), Error);
}

TEST(FinetuneCli, EvaluateReportsUarAndConfusion) {
  TempDir dir;
  const auto manifest = testing::write_tone_corpus(dir / "corpus");
  FinetuneConfig config = mini_config(dir, manifest);
  config.epochs = 1;
  finetune(config);
  const auto r = testing::run_cli({"evaluate", "--model", config.out.string(), "--manifest",
                                   manifest.string(), "--split", "test", "--max-seconds", "0.5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["n"], 12);
  EXPECT_EQ(j["confusion"]["labels"].size(), 3u);
  EXPECT_EQ(j["max_seconds_choice"], "given");
  const auto as_trained = testing::run_cli({"evaluate", "--model", config.out.string(),
                                            "--manifest", manifest.string(), "--split", "test"});
  ASSERT_EQ(as_trained.exit_code, 0) << as_trained.err;
  EXPECT_EQ(nlohmann::json::parse(as_trained.out)["max_seconds"], 0.5)
      << "scored at the clip length the model was trained with";
  const auto bad = testing::run_cli({"evaluate", "--model", config.out.string(), "--manifest",
                                     manifest.string(), "--split", "holdout"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("holdout"), std::string::npos);
}

TEST(FinetuneCli, CudaRequestFailsWithOneLine) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "CUDA present";
  TempDir dir;
  const auto manifest = testing::write_tone_corpus(dir / "corpus");
  const auto r = testing::run_cli({"finetune", "--manifest", manifest.string(), "--preset", "tiny",
                                   "--out", (dir / "o").string(), "--device", "cuda"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("CUDA"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "o"));
}

}  // namespace
}  // namespace emoforget::train
