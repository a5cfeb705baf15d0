#include "unlearn/class_recipe.h"

#include "unlearn/method_info.h"

namespace emoforget::unlearn {

void use_class_recipe(UnlearnConfig& config, const NamedPgdSettings& named) {
  config.method = class_method().name;
  if (!named.m) config.settings.pgd.m = kClassAdversarialPerClip;
  if (!named.p) config.settings.pgd.p = kClassPgdSteps;
  VariantChoice& v = config.settings.variant;
  if (!v.wrong_labels) v.wrong_labels = to_string(WrongLabels::kNearest);
  if (!v.lambda_kl) v.lambda_kl = kClassDistillation;
  if (!v.until) v.until = StopRule{StopRule::Kind::kZero, 0.0}.text();
}

}  // namespace emoforget::unlearn
