#include "unlearn/method_pgd_defaults.h"

#include "unlearn/method_info.h"

namespace emoforget::unlearn {

void use_method_pgd_defaults(UnlearnConfig& config, const NamedPgdSettings& named) {
  const MethodInfo* info = find_method_info(config.method);
  if (info == nullptr) return;  // an unknown name fails where the method is made, naming it
  if (!named.m && info->pgd_m > 0) config.settings.pgd.m = info->pgd_m;
  if (!named.p && info->pgd_p > 0) config.settings.pgd.p = info->pgd_p;
}

}  // namespace emoforget::unlearn
