// What a class request (forget --forget-class) runs when no method is named: the paper's
// method (adversarial samples and EWC) with two adversarial samples per clip found in 20
// PGD steps, each clip's own class lowered below the next (`--wrong-labels lower`: no class
// trained up), the original's outputs on the adversarial samples held by distillation, and
// a fixed six epochs: the class is misclassified after about three (18 and 22 steps at
// weight 2 with --until zero), and the epochs after it, where the lowered class no longer
// pulls, let distillation and the anchor restore the other classes. Chosen on validation over three
// seeds (docs/unlearning.md, "Lowering the class alone").
#pragma once

#include "unlearn/method_pgd_defaults.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

// The recipe's settings.
inline constexpr int64_t kClassAdversarialPerClip = 2;  // M
inline constexpr int64_t kClassPgdSteps = 20;           // P
inline constexpr double kClassDistillation = 4.0;       // --lambda-kl
inline constexpr int kClassEpochs = 6;                  // --epochs

// What the command line named of the settings the recipe would give.
struct NamedRecipeSettings {
  NamedPgdSettings pgd;
  bool epochs = false;
};

// Gives `config` the recipe: its method, and each setting of the recipe that neither the
// command line named nor the variant already holds.
void use_class_recipe(UnlearnConfig& config, const NamedRecipeSettings& named);

}  // namespace emoforget::unlearn
