#include "unlearn/retrain_recipe.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::unlearn {
namespace {
using testing::TempDir;

TEST(RetrainRecipe, WithoutReportKeepsDefaults) {
  TempDir dir;
  train::FinetuneConfig finetune;
  finetune.epochs = 7;
  EXPECT_EQ(apply_finetune_recipe(dir.path(), finetune), "defaults");
  EXPECT_EQ(finetune.epochs, 7);
  EXPECT_EQ(finetune.crop, "auto");
}

TEST(RetrainRecipe, CopiesTheFinetuneConfiguration) {
  TempDir dir;
  testing::write_text(dir / "report.json", R"({"command": "finetune", "config": {
      "epochs": 14, "lr": 0.002, "batch": 8, "max_grad_norm": 0.5, "warmup_ratio": 0.05,
      "crop": "random", "freeze_feature_encoder": true, "manifest": "elsewhere.csv",
      "max_seconds": 1.5, "val_split": "", "keep": "last", "train_splits": ["train", "val"]}})");
  train::FinetuneConfig finetune;
  finetune.manifest = "mine.csv";
  EXPECT_EQ(apply_finetune_recipe(dir.path(), finetune), (dir / "report.json").string());
  EXPECT_EQ(finetune.epochs, 14);
  EXPECT_DOUBLE_EQ(finetune.lr, 0.002);
  EXPECT_EQ(finetune.run.batch, 8);
  EXPECT_DOUBLE_EQ(finetune.max_grad_norm, 0.5);
  EXPECT_DOUBLE_EQ(finetune.warmup_ratio, 0.05);
  EXPECT_EQ(finetune.crop, "random");
  EXPECT_TRUE(finetune.freeze_feature_encoder);
  EXPECT_DOUBLE_EQ(finetune.run.max_seconds, 1.5);
  EXPECT_EQ(finetune.val_split, "");
  EXPECT_EQ(finetune.keep, "last");
  EXPECT_EQ(finetune.train_splits, (std::vector<std::string>{"train", "val"}));
  EXPECT_EQ(finetune.manifest, "mine.csv") << "data and paths are not part of the recipe";
}

TEST(RetrainRecipe, OtherReportsAreNotRecipes) {
  TempDir dir;
  testing::write_text(dir / "report.json", R"({"command": "forget", "config": {"epochs": 3}})");
  train::FinetuneConfig finetune;
  EXPECT_EQ(apply_finetune_recipe(dir.path(), finetune), "defaults");
  EXPECT_EQ(finetune.epochs, train::FinetuneConfig{}.epochs);
}

TEST(RetrainRecipe, BrokenReportIsAnErrorNamingTheFile) {
  TempDir dir;
  testing::write_text(dir / "report.json", R"({"command": "finetune", "config": {"epochs": )");
  train::FinetuneConfig finetune;
  try {
    apply_finetune_recipe(dir.path(), finetune);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("report.json"), std::string::npos) << e.what();
  }
  testing::write_text(dir / "report.json",
                      R"({"command": "finetune", "config": {"epochs": "many"}})");
  EXPECT_THROW(apply_finetune_recipe(dir.path(), finetune), Error);
}

}  // namespace
}  // namespace emoforget::unlearn
