// The project's exception: what failed, the value, and a hint when the fix is known.
// The library throws it; the CLI catches it once in main and prints one line.
#pragma once

#include <stdexcept>
#include <string>

namespace emoforget {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace emoforget
