// Numbers as reports and tables print them.
#pragma once

#include <string>

namespace emoforget {

// `value` with `digits` decimals ("0.734").
std::string fixed_text(double value, int digits = 3);

// A share as a whole percentage ("72 %").
std::string percent_text(double share);

}  // namespace emoforget
