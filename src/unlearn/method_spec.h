// A method with variant settings of its own, for comparing variants in one run of
// `benchmark`: "adv-ewc:lambda-kl=1:until=heldout" is adv-ewc with --lambda-kl 1 and
// --until heldout. The whole text labels the method's rows and folders; a plain name
// is the method as it is.
#pragma once

#include <string>

#include "unlearn/method_info.h"
#include "unlearn/unlearn_config.h"
#include "unlearn/variant.h"

namespace emoforget::unlearn {

struct MethodSpec {
  std::string text;  // as given
  std::string name;  // the method
  VariantChoice variant;

  const MethodInfo& info() const { return method_info(name); }
  // `base` with this spec's variant fields over its own.
  MethodSettings settings(const MethodSettings& base) const;
};

// Throws naming `flag` for an unknown method, key or value.
MethodSpec parse_method_spec(const std::string& text, const std::string& flag = "--methods");

}  // namespace emoforget::unlearn
