// Numbers as reports and tables print them.
#pragma once

#include <string>

namespace emoforget {

// `value` with `digits` decimals ("0.734").
std::string fixed_text(double value, int digits = 3);

// `value` with as many digits as it takes to read back exactly ("0.1", "1e-05").
std::string round_trip_text(double value);

// A share as a whole percentage ("72 %").
std::string percent_text(double share);

}  // namespace emoforget
