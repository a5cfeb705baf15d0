// A method's own attack size (M, P) where the command line named none: the recommended
// method was chosen at M = 10, P = 20, where the paper uses 20 and 50.
#pragma once

#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

// Which of M and P the command line named (those are kept).
struct NamedPgdSettings {
  bool m = false;
  bool p = false;
};

// Gives `config` its method's M and P (MethodInfo::pgd_m, pgd_p), each unless named or the
// method has none of its own.
void use_method_pgd_defaults(UnlearnConfig& config, const NamedPgdSettings& named);

}  // namespace emoforget::unlearn
