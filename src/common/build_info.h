// Versions of emoforget and its libraries, threads and devices: every report records them.
#pragma once

#include <nlohmann/json.hpp>

namespace emoforget {

nlohmann::json build_info();

}  // namespace emoforget
