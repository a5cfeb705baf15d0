#include "unlearn/class_recipe.h"

#include "unlearn/method_info.h"

namespace emoforget::unlearn {

void use_class_recipe(UnlearnConfig& config, const NamedRecipeSettings& named) {
  config.method = class_method().name;
  if (!named.pgd.m) config.settings.pgd.m = kClassAdversarialPerClip;
  if (!named.pgd.p) config.settings.pgd.p = kClassPgdSteps;
  if (!named.epochs) config.settings.epochs = kClassEpochs;
  VariantChoice& v = config.settings.variant;
  if (!v.wrong_labels) v.wrong_labels = to_string(WrongLabels::kLower);
  if (!v.lambda_kl) v.lambda_kl = kClassDistillation;
  if (!v.until) v.until = StopRule{}.text();
}

}  // namespace emoforget::unlearn
