// What a class request (forget --forget-class) runs when no method is named: the paper's
// method (adversarial samples and EWC) with two adversarial samples per clip found in 20
// PGD steps, each clip trained towards the class the original model ranks next (nearest
// wrong labels), the original's outputs on the adversarial samples held by distillation,
// and a stop once the forget set is misclassified. Chosen on validation over three seeds
// (docs/unlearning.md, "Class unlearning over seeds").
#pragma once

#include "unlearn/method_pgd_defaults.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

// The recipe's settings.
inline constexpr int64_t kClassAdversarialPerClip = 2;  // M
inline constexpr int64_t kClassPgdSteps = 20;           // P
inline constexpr double kClassDistillation = 2.0;       // --lambda-kl

// Gives `config` the recipe: its method, and each setting of the recipe that neither the
// command line named nor the variant already holds.
void use_class_recipe(UnlearnConfig& config, const NamedPgdSettings& named);

}  // namespace emoforget::unlearn
