// The run's group, for the library code that shards its work: joined once by the CLI
// (from the environment and --dist-backend/--dist-timeout) before a command runs, a
// group of one rank until then. A thread may stand in another group for the calls it
// makes (WorldScope): tests run several ranks as threads of one process.
#pragma once

#include <memory>

#include "distributed/group.h"

namespace emoforget::distributed {

// This thread's group: its WorldScope's, else the process's.
Group& world();

// Joins the run described by `env` as the process's group (once).
void init_world(const Environment& env, const GroupOptions& options);

// Leaves the process's group (the CLI does, before exit).
void shutdown_world();

class WorldScope {
 public:
  explicit WorldScope(Group& group);
  ~WorldScope();
  WorldScope(const WorldScope&) = delete;
  WorldScope& operator=(const WorldScope&) = delete;

 private:
  Group* previous_;
};

}  // namespace emoforget::distributed
