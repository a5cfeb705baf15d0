// Wall-clock timing of a run's phases (reports carry seconds per phase).
#pragma once

#include <chrono>

namespace emoforget {

using Clock = std::chrono::steady_clock;

// Seconds elapsed since `start`.
inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace emoforget
