// Several ranks of a distributed run as threads of one test process, over Gloo on
// loopback: each thread joins its own Group and runs `body(group)`.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "distributed/group.h"

namespace emoforget::testing {

// A TCP port that was free a moment ago.
int free_port();

// Runs `body` on `ranks` threads, one Group each; returns each rank's error text
// ("" when its body returned normally).
std::vector<std::string> run_ranks(int ranks, const std::function<void(distributed::Group&)>& body,
                                   std::chrono::seconds timeout = std::chrono::seconds(30));

}  // namespace emoforget::testing
