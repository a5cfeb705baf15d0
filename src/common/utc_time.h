// The current time for reports: UTC, ISO 8601, to the second.
#pragma once

#include <string>

namespace emoforget {

// e.g. 2026-12-05T10:00:00Z
std::string utc_now();

}  // namespace emoforget
