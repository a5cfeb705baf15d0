// Independent jobs side by side, as separate processes: on a CPU a small model
// uses two cores better as two one-threaded jobs than as one two-threaded job.
// Jobs are grouped in lanes; a lane runs its jobs one after another (a later job
// may read what an earlier one wrote), lanes run at the same time. Each job's
// stdout and stderr go to its own log file.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace emoforget {

struct SideJob {
  std::string name;               // for messages
  std::vector<std::string> argv;  // argv[0] is the program (a path)
  std::filesystem::path log;      // stdout + stderr of the job
};

using SideLane = std::vector<SideJob>;

// Threads each of `lanes` side-by-side jobs gets: `threads` when > 0, else the
// machine's cores shared out (at least 1).
int threads_per_job(int threads, int lanes);

// Runs every lane to its end. `on_done(job, seconds)` is called as each job ends
// well. When a job fails (non-zero exit or a signal), the other running jobs are
// stopped and the call throws Error naming the job, its exit and the last line of
// its log. Returns each job's wall seconds, in lane order.
std::vector<double> run_side_by_side(
    const std::vector<SideLane>& lanes,
    const std::function<void(const SideJob& job, double seconds)>& on_done = {});

}  // namespace emoforget
