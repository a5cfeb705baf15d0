#include "distributed/group.h"

#include <cstdlib>

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "common/error.h"
#include "common/interrupt.h"
#include "distributed/peer_watch.h"

namespace emoforget::distributed {
namespace {

// The first line of an exception's text (c10 errors append a backtrace).
std::string first_line(const std::string& text) {
  const size_t end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

std::shared_ptr<::gloo::transport::Device> gloo_device(const std::string& master_addr) {
  if (const char* name = std::getenv("GLOO_SOCKET_IFNAME"); name != nullptr && *name != '\0')
    return c10d::ProcessGroupGloo::createDeviceForInterface(name);
  if (is_loopback(master_addr)) return c10d::ProcessGroupGloo::createDeviceForHostname(master_addr);
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

// torchrun's agent hosts the store itself and tells its workers so.
bool agent_hosts_store() {
  const char* value = std::getenv("TORCHELASTIC_USE_AGENT_STORE");
  return value != nullptr && std::string(value) == "True";
}

}  // namespace

bool nccl_available() {
#ifdef USE_C10D_NCCL
  return true;
#else
  return false;
#endif
}

void GroupOptions::validate() const {
  if (backend != "auto" && backend != "gloo" && backend != "nccl")
    throw Error("--dist-backend must be auto, gloo or nccl, got '" + backend + "'");
  if (timeout.count() < 1)
    throw Error("--dist-timeout must be >= 1 second, got " + std::to_string(timeout.count()));
  if (backend == "nccl" && !nccl_available())
    throw Error("--dist-backend nccl: this build of emoforget has no NCCL (its LibTorch lacks it)");
  if (backend == "nccl" && !cuda)
    throw Error("--dist-backend nccl needs --device cuda (NCCL moves CUDA tensors only)");
}

std::string GroupOptions::resolved_backend() const {
  if (backend != "auto") return backend;
  return cuda && nccl_available() ? "nccl" : "gloo";
}

struct Group::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroup> group;
  std::unique_ptr<PeerWatch> watch;
  uint64_t sequence = 0;
  uint64_t awaits = 0;
  std::string backend;
  torch::Device device = torch::kCPU;  // where the group's own small tensors go
};

Group::Group(const Environment& env, const GroupOptions& options)
    : env_(env), options_(options), impl_(std::make_unique<Impl>()) {
  options_.validate();
  if (!env_.distributed()) return;
  impl_->backend = options_.resolved_backend();
  if (impl_->backend == "nccl") impl_->device = torch::Device(torch::kCUDA, env_.local_rank);
  const std::string where = env_.master_addr + ":" + std::to_string(env_.master_port);
  // The run's store: every rank counts itself in, and the host waits for all of them.
  // The peer watch's extra clients (server false, no count) do neither.
  // A torchrun restart reuses its agent's store: each attempt keeps to its own keys.
  const char* restart = std::getenv("TORCHELASTIC_RESTART_COUNT");
  const std::string prefix = "/worker/attempt_" + std::string(restart != nullptr ? restart : "0");
  const auto connect = [&](bool server, bool counted) -> c10::intrusive_ptr<c10d::Store> {
    c10d::TCPStoreOptions store_options;
    store_options.port = env_.master_port;
    store_options.isServer = server;
    if (counted) store_options.numWorkers = env_.world_size;
    store_options.waitWorkers = counted;
    store_options.timeout = options_.timeout;
    return c10::make_intrusive<c10d::PrefixStore>(
        prefix, c10::make_intrusive<c10d::TCPStore>(env_.master_addr, store_options));
  };
  try {
    impl_->store = connect(env_.rank == 0 && !agent_hosts_store(), true);
    if (impl_->backend == "nccl") {
#ifdef USE_C10D_NCCL
      auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
      nccl_options->timeout = options_.timeout;
      impl_->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl_->store, env_.rank,
                                                                 env_.world_size, nccl_options);
#endif
    } else {
      auto gloo_options = c10d::ProcessGroupGloo::Options::create(options_.timeout);
      gloo_options->devices.push_back(gloo_device(env_.master_addr));
      impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, env_.rank,
                                                                 env_.world_size, gloo_options);
    }
    impl_->watch = std::make_unique<PeerWatch>([&] { return connect(false, false); }, env_.rank,
                                               env_.world_size);
  } catch (const std::exception& e) {
    throw Error("distributed: rank " + std::to_string(env_.rank) + " of " +
                std::to_string(env_.world_size) + " could not join the run at " + where +
                " within --dist-timeout " + std::to_string(options_.timeout.count()) +
                " s: " + first_line(e.what()));
  }
}

Group::~Group() = default;

namespace {

[[noreturn]] void fail(Group::Impl& impl, const Environment& env, const GroupOptions& options,
                       const std::string& what, uint64_t sequence, const std::string& failure) {
  // Ctrl-C reaches every rank: one that stopped first breaks the others' collective, and
  // they stop as interrupted too, not with an error about the rank.
  throw_if_interrupted(what);
  const std::string cause = impl.watch->diagnose(sequence);
  throw Error("distributed: rank " + std::to_string(env.rank) + ": " + what +
              " failed: " + (cause.empty() ? failure : cause + " [" + failure + "]") +
              " (--dist-timeout " + std::to_string(options.timeout.count()) + " s)");
}

template <typename Start>
void run_collective(Group::Impl& impl, const Environment& env, const GroupOptions& options,
                    const std::string& what, const Start& start) {
  const uint64_t sequence = ++impl.sequence;
  std::string failure;
  try {
    impl.watch->entering(sequence);
    c10::intrusive_ptr<c10d::Work> work = start(*impl.group);
    work->wait();
    return;
  } catch (const std::exception& e) {
    failure = first_line(e.what());
  }
  fail(impl, env, options, what, sequence, failure);
}

class NothingPending : public PendingCollective {
 public:
  void wait() override {}
};

class PendingWork : public PendingCollective {
 public:
  PendingWork(Group::Impl& impl, const Environment& env, const GroupOptions& options,
              std::string what, uint64_t sequence, std::vector<torch::Tensor> tensors)
      : impl_(impl),
        env_(env),
        options_(options),
        what_(std::move(what)),
        sequence_(sequence),
        tensors_(std::move(tensors)) {
    std::string failure;
    try {
      impl_.watch->entering(sequence_);
      work_ = impl_.group->allreduce(tensors_);
      return;
    } catch (const std::exception& e) {
      failure = first_line(e.what());
    }
    fail(impl_, env_, options_, what_, sequence_, failure);
  }

  void wait() override {
    if (!work_) return;
    std::string failure;
    try {
      c10::intrusive_ptr<c10d::Work> work = std::move(work_);
      work->wait();
      return;
    } catch (const std::exception& e) {
      failure = first_line(e.what());
    }
    fail(impl_, env_, options_, what_, sequence_, failure);
  }

 private:
  Group::Impl& impl_;
  const Environment& env_;
  const GroupOptions& options_;
  std::string what_;
  uint64_t sequence_;
  std::vector<torch::Tensor> tensors_;
  c10::intrusive_ptr<c10d::Work> work_;
};

}  // namespace

void Group::all_reduce_sum(torch::Tensor& tensor, const std::string& what) {
  if (!env_.distributed()) return;
  std::vector<torch::Tensor> tensors{tensor};
  run_collective(*impl_, env_, options_, what,
                 [&](c10d::ProcessGroup& group) { return group.allreduce(tensors); });
}

std::unique_ptr<PendingCollective> Group::start_all_reduce_sum(torch::Tensor& tensor,
                                                               const std::string& what) {
  if (!env_.distributed()) return std::make_unique<NothingPending>();
  return std::make_unique<PendingWork>(*impl_, env_, options_, what, ++impl_->sequence,
                                       std::vector<torch::Tensor>{tensor});
}

nlohmann::json Group::summary() const {
  return {{"ranks", size()}, {"backend", options_.resolved_backend()}};
}

torch::Device Group::device() const {
  return impl_->device;
}

void Group::broadcast(torch::Tensor& tensor, int root, const std::string& what) {
  if (!env_.distributed()) return;
  std::vector<torch::Tensor> tensors{tensor};
  c10d::BroadcastOptions broadcast_options;
  broadcast_options.rootRank = root;
  run_collective(*impl_, env_, options_, what, [&](c10d::ProcessGroup& group) {
    return group.broadcast(tensors, broadcast_options);
  });
}

void Group::barrier(const std::string& what) {
  if (!env_.distributed()) return;
  // A one-element all-reduce: it fails like every other collective when a rank is gone.
  torch::Tensor token =
      torch::zeros({1}, torch::TensorOptions(torch::kFloat32).device(impl_->device));
  all_reduce_sum(token, what);
}

void Group::await_all(const std::string& what) {
  if (!env_.distributed()) return;
  impl_->watch->await_all(std::to_string(++impl_->awaits), what);
}

double Group::sum(double value, const std::string& what) {
  if (!env_.distributed()) return value;
  torch::Tensor total =
      torch::full({1}, value, torch::TensorOptions(torch::kFloat64).device(impl_->device));
  all_reduce_sum(total, what);
  return total.item<double>();
}

bool Group::all_of(bool value, const std::string& what) {
  return sum(value ? 0.0 : 1.0, what) == 0.0;
}

bool Group::any_of(bool value, const std::string& what) {
  return sum(value ? 1.0 : 0.0, what) > 0.0;
}

}  // namespace emoforget::distributed
