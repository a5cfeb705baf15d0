// The class request's recipe: its method and settings, and what the command line named kept.
#include "unlearn/class_recipe.h"

#include <gtest/gtest.h>

#include "unlearn/method_info.h"

namespace emoforget::unlearn {
namespace {

TEST(ClassRecipe, GivesTheMethodAndEverySettingNotNamed) {
  UnlearnConfig config;
  config.method = default_method_name();
  use_class_recipe(config, {});
  EXPECT_EQ(config.method, class_method().name);
  EXPECT_TRUE(class_method().runs_pgd && class_method().needs_fisher) << "the paper's method";
  EXPECT_EQ(config.settings.pgd.m, kClassAdversarialPerClip);
  EXPECT_EQ(config.settings.pgd.p, kClassPgdSteps);
  const Variant v = resolve_variant(config.settings.variant, class_method().variant_defaults);
  EXPECT_EQ(v.wrong_labels, WrongLabels::kLower);
  EXPECT_EQ(v.lambda_kl, kClassDistillation);
  EXPECT_EQ(v.until.kind, StopRule::Kind::kNone) << "a fixed number of epochs";
  EXPECT_EQ(config.settings.epochs, kClassEpochs);
  EXPECT_EQ(v.lr_scale, 1.0) << "the rest stays the paper's";
  EXPECT_EQ(v.optimizer, OptimizerKind::kAdam);
}

TEST(ClassRecipe, KeepsWhatTheCommandLineNamed) {
  UnlearnConfig config;
  config.settings.pgd.m = 7;
  config.settings.pgd.p = 9;
  config.settings.variant.wrong_labels = "random";
  config.settings.variant.lambda_kl = 0.0;
  config.settings.variant.until = "heldout";
  config.settings.epochs = 3;
  use_class_recipe(config, {{true, true}, true});
  EXPECT_EQ(config.settings.pgd.m, 7);
  EXPECT_EQ(config.settings.pgd.p, 9);
  EXPECT_EQ(*config.settings.variant.wrong_labels, "random");
  EXPECT_EQ(*config.settings.variant.lambda_kl, 0.0);
  EXPECT_EQ(*config.settings.variant.until, "heldout");
  EXPECT_EQ(config.settings.epochs, 3);
  // M and P named, the variant left to the recipe.
  UnlearnConfig partly;
  partly.settings.pgd.m = 7;
  partly.settings.epochs = 3;
  use_class_recipe(partly, {{true, false}, false});
  EXPECT_EQ(partly.settings.pgd.m, 7);
  EXPECT_EQ(partly.settings.pgd.p, kClassPgdSteps);
  EXPECT_EQ(partly.settings.epochs, kClassEpochs) << "not named: the recipe's";
  EXPECT_EQ(*partly.settings.variant.until, "none");
}

}  // namespace
}  // namespace emoforget::unlearn
