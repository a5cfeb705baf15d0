// The environment a child process starts with: this process's, less the variables of a
// distributed run (torchrun's), plus any given. A side-by-side job is one process of its
// own; a rank started by `emoforget launch` gets its own rank's variables.
#pragma once

#include <string>
#include <vector>

namespace emoforget {

// "NAME=value" lines: the current environment without the run variables (RANK,
// WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT,
// TORCHELASTIC_USE_AGENT_STORE), then `extra`.
std::vector<std::string> child_environment(const std::vector<std::string>& extra = {});

}  // namespace emoforget
