// `emoforget launch`: N ranks of one command on this machine, as torchrun starts
// them. The launcher hosts the rendezvous store on loopback (a free port unless
// given), starts each rank with RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE,
// MASTER_ADDR and MASTER_PORT set, and watches them: when one fails it names the
// rank, leaves the others the grace period to stop with their own error, then ends
// them; Ctrl-C and SIGTERM are passed on to every rank.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace emoforget::distributed {

struct LaunchConfig {
  int nproc = 2;                     // ranks to start
  int port = 0;                      // the store's port; 0 = a free one
  std::chrono::seconds grace{130};   // after a rank fails, how long the others may take
  std::vector<std::string> command;  // emoforget's arguments for every rank

  void validate() const;
};

// Runs the ranks to the end; returns the exit status (0 when every rank succeeded,
// else the first failing rank's).
int launch(const LaunchConfig& config, const std::string& program);

}  // namespace emoforget::distributed
