// Where this process sits in a distributed run, read from the environment that
// torchrun, `emoforget launch`, Slurm wrappers and Kubernetes operators set:
// RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT.
// Without RANK and WORLD_SIZE the run is a single process.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace emoforget::distributed {

struct Environment {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  int local_world_size = 1;      // ranks on this machine (threads per rank = cores / this)
  std::string master_addr;       // host of rank 0's rendezvous store
  uint16_t master_port = 29500;  // its port

  bool distributed() const { return world_size > 1; }
  std::string describe() const;
};

// A variable's value, or nothing when unset (the test seam: getenv by default).
using Lookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the variables; a malformed or inconsistent one (RANK >= WORLD_SIZE, a port
// out of range, RANK without WORLD_SIZE) is an error naming the variable and its value.
Environment read_environment(const Lookup& lookup = {});

// This process's environment, read once (an inconsistent one reads as a single process
// here; the CLI reports it before any command runs).
const Environment& process_environment();

}  // namespace emoforget::distributed
