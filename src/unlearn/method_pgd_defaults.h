// A method's own attack size (M, P) where the command line named none: the recommended
// method was chosen at M = 10, P = 20, where the paper uses 20 and 50.
#pragma once

#include <string>

#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

// Which of M and P the command line named (those are kept).
struct NamedPgdSettings {
  bool m = false;
  bool p = false;
};

// `settings` with `method`'s own M and P (MethodInfo::pgd_m, pgd_p), each unless named or the
// method has none of its own.
MethodSettings with_method_pgd_defaults(const std::string& method, MethodSettings settings,
                                        const NamedPgdSettings& named);
// The same on `config`'s method and settings.
void use_method_pgd_defaults(UnlearnConfig& config, const NamedPgdSettings& named);

}  // namespace emoforget::unlearn
