#include "unlearn/method_pgd_defaults.h"

#include "unlearn/method_info.h"

namespace emoforget::unlearn {

MethodSettings with_method_pgd_defaults(const std::string& method, MethodSettings settings,
                                        const NamedPgdSettings& named) {
  const MethodInfo* info = find_method_info(method);
  if (info == nullptr) return settings;  // an unknown name fails where the method is made
  if (!named.m && info->pgd_m > 0) settings.pgd.m = info->pgd_m;
  if (!named.p && info->pgd_p > 0) settings.pgd.p = info->pgd_p;
  return settings;
}

void use_method_pgd_defaults(UnlearnConfig& config, const NamedPgdSettings& named) {
  config.settings = with_method_pgd_defaults(config.method, config.settings, named);
}

}  // namespace emoforget::unlearn
