// The ranks of a distributed run and the collectives emoforget uses, over PyTorch's
// own engine, c10d: a TCPStore hosted by rank 0 for the rendezvous, and a
// ProcessGroupGloo (CPU tensors) or ProcessGroupNCCL (CUDA tensors, when the
// LibTorch has it) for the data. A group of one rank runs every collective as a
// no-op. A collective that fails or passes the timeout throws one Error naming the
// collective and, where it can tell, the rank that stopped (see peer_watch.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "distributed/environment.h"

namespace emoforget::distributed {

struct GroupOptions {
  std::string backend = "auto";  // auto (NCCL for CUDA, else Gloo) | gloo | nccl
  bool cuda = false;             // the run's tensors live on CUDA devices
  std::chrono::seconds timeout{120};

  void validate() const;
  // The backend `auto` resolves to.
  std::string resolved_backend() const;
};

// Whether this LibTorch was built with NCCL (and emoforget with its process group).
bool nccl_available();

// A collective in flight (Group::start_all_reduce_sum): wait() completes it, or
// throws the same one-line error a blocking collective would.
class PendingCollective {
 public:
  virtual ~PendingCollective() = default;
  virtual void wait() = 0;
};

class Group {
 public:
  // Joins the run `env` describes (a group of one when it is not distributed).
  Group(const Environment& env, const GroupOptions& options);
  ~Group();
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;

  int rank() const { return env_.rank; }
  int size() const { return env_.world_size; }
  bool is_main() const { return env_.rank == 0; }
  const Environment& environment() const { return env_; }
  const GroupOptions& options() const { return options_; }

  // Element-wise sum over ranks, in place, of a contiguous tensor on the backend's
  // device. `what` names the step in an error ("gradient all-reduce").
  void all_reduce_sum(torch::Tensor& tensor, const std::string& what);
  // The same, started now and completed by the returned handle's wait(); the tensor
  // must stay untouched until then. Every rank starts its collectives in one order.
  std::unique_ptr<PendingCollective> start_all_reduce_sum(torch::Tensor& tensor,
                                                          const std::string& what);
  // Every rank receives `root`'s tensor (same shape and dtype on every rank).
  void broadcast(torch::Tensor& tensor, int root, const std::string& what);
  void barrier(const std::string& what);
  // A barrier for long, uneven work (experiment cells): waits without a time limit while
  // every rank's heartbeat goes on, and fails naming a rank whose heartbeat stops.
  void await_all(const std::string& what);
  // Whether `value` holds on every rank / on some rank.
  bool all_of(bool value, const std::string& what);
  bool any_of(bool value, const std::string& what);
  // The sum over ranks of a number.
  double sum(double value, const std::string& what);
  // What a report records of the run: {"ranks": N, "backend": "gloo" | "nccl"}.
  nlohmann::json summary() const;
  // The device of the group's own small tensors (CPU for Gloo, this rank's GPU for NCCL).
  torch::Device device() const;

  struct Impl;  // the store, the process group and the peer watch (group.cpp)

 private:
  Environment env_;
  GroupOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace emoforget::distributed
