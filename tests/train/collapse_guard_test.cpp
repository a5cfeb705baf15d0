// The collapse guard of fine-tuning: what counts as a collapse, the warning when
// validation stays at chance, and a run that collapses being rolled back.
#include "train/collapse_guard.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "train/finetune.h"

namespace emoforget::train {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

nlohmann::json losses(std::initializer_list<double> values) {
  nlohmann::json history = nlohmann::json::array();
  int epoch = 0;
  for (const double v : values)
    history.push_back({{"epoch", ++epoch}, {"train_loss", v}});
  return history;
}

TEST(CollapseGuard, AJumpBackToChanceAfterLearningIsACollapse) {
  const double chance = std::log(7.0);  // 1.946
  EXPECT_TRUE(epoch_collapsed(NAN, losses({}), 7));
  EXPECT_TRUE(epoch_collapsed(INFINITY, losses({1.9}), 7));
  EXPECT_FALSE(epoch_collapsed(chance, losses({}), 7)) << "the first epoch has nothing to lose";
  EXPECT_FALSE(epoch_collapsed(chance, losses({1.9, 1.8}), 7)) << "never learnt";
  EXPECT_TRUE(epoch_collapsed(chance, losses({1.5, 1.2}), 7));
  EXPECT_TRUE(epoch_collapsed(10.0, losses({1.5, 1.2}), 7)) << "exploded";
  EXPECT_FALSE(epoch_collapsed(1.4, losses({1.5, 1.2}), 7)) << "a worse epoch, not chance";
}

TEST(CollapseGuard, ValidationAtChanceForThreeEpochsIsReported) {
  nlohmann::json history = nlohmann::json::array();
  for (const double uar : {0.40, 0.15, 0.14})
    history.push_back({{"epoch", static_cast<int>(history.size()) + 1}, {"val_uar", uar}});
  EXPECT_FALSE(chance_warning(history, 7, "val"));
  history.push_back({{"epoch", 4}, {"val_uar", 0.143}});
  const auto warning = chance_warning(history, 7, "val");
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("val UAR has stayed at chance (0.143) for 3 epochs up to epoch 4"),
            std::string::npos)
      << *warning;
}

FinetuneConfig learning_config(const TempDir& dir) {
  FinetuneConfig config;
  config.manifest = testing::write_tone_corpus(dir / "corpus");
  config.init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
  config.out = dir / "out";
  config.epochs = 40;
  config.run.batch = 4;
  config.lr = 3e-3;
  config.run.max_seconds = 0.5;
  config.run.seed = 5;
  config.keep = "last";
  return config;
}

TEST(CollapseGuard, ACollapsedEpochIsRolledBackAndRetriedAtHalfTheLearningRate) {
  TempDir dir;
  FinetuneConfig config = learning_config(dir);
  const nlohmann::json plain = finetune(config);
  const auto& history = plain["epochs"];
  ASSERT_LT(history[29]["train_loss"].get<double>(), kLearntShare * std::log(3.0))
      << "the run must have learnt before the poisoned epoch";

  config.out = dir / "poisoned";
  int tries = 0;
  FinetuneHooks hooks;
  hooks.lr_factor = [&](int epoch) { return epoch == 31 && tries++ == 0 ? 1e5 : 1.0; };
  const nlohmann::json report = finetune(config, hooks);
  ASSERT_EQ(report["rollbacks"].size(), 1u) << report["warnings"].dump();
  EXPECT_EQ(report["rollbacks"][0]["epoch"], 31);
  EXPECT_DOUBLE_EQ(report["lr_scale"].get<double>(), 0.5);
  EXPECT_EQ(report["epochs"].size(), 40u) << "every epoch finished once";
  EXPECT_LT(report["epochs"].back()["train_loss"].get<double>(), kLearntShare * std::log(3.0));
  EXPECT_NE(report["warnings"][0].get<std::string>().find("rolled back to epoch 30"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(config.out / "model.safetensors"));
}

TEST(CollapseGuard, ACollapseThatKeepsComingBackStopsTheRunWithAClearMessage) {
  TempDir dir;
  FinetuneConfig config = learning_config(dir);
  FinetuneHooks hooks;
  hooks.lr_factor = [](int epoch) { return epoch >= 32 ? 1e5 : 1.0; };
  try {
    finetune(config, hooks);
    FAIL() << "expected the run to stop";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("after 3 rollbacks"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("lower --lr"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(config.out));
}

TEST(CollapseGuard, AModelThatDoesNotLearnIsReported) {
  TempDir dir;
  FinetuneConfig config = learning_config(dir);
  config.epochs = 3;
  config.lr = 1e-6;  // far too low to move
  config.keep = "best";
  const nlohmann::json report = finetune(config);
  ASSERT_EQ(report["warnings"].size(), 1u) << report["warnings"].dump();
  EXPECT_NE(report["warnings"][0].get<std::string>().find("stayed at chance"), std::string::npos);
}

}  // namespace
}  // namespace emoforget::train
