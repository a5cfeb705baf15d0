// Telling which rank stopped a collective. Every rank bumps a heartbeat counter in
// the rendezvous store once a second (its own thread and connection) and records how
// many collectives it has entered. When a collective fails, the heartbeats say which
// rank is gone (its counter stopped), and the counts (posted with the heartbeat) say
// which live rank never arrived (stuck or slower than the timeout allows).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <torch/csrc/distributed/c10d/Store.hpp>

namespace emoforget::distributed {

class PeerWatch {
 public:
  // `connect` opens a new client of the run's store (one for the heartbeat thread,
  // one for the queries).
  PeerWatch(const std::function<c10::intrusive_ptr<c10d::Store>()>& connect, int rank, int size);
  ~PeerWatch();  // stops the heartbeat
  PeerWatch(const PeerWatch&) = delete;
  PeerWatch& operator=(const PeerWatch&) = delete;

  // This rank enters its `sequence`-th collective.
  void entering(uint64_t sequence);
  // Which ranks stopped or lag behind this rank's `sequence`-th collective, as a
  // clause ("rank 1 stopped: no heartbeat for 3 s"), or "" when nothing is wrong
  // that the store shows.
  std::string diagnose(uint64_t sequence);

  // Waits until `size` ranks have arrived at `key` (this one included); fails naming
  // any rank whose heartbeat stops meanwhile.
  void await_all(const std::string& key, const std::string& what);

  static constexpr std::chrono::milliseconds kBeat{1000};

 private:
  int rank_;
  int size_;
  c10::intrusive_ptr<c10d::Store> queries_;
  c10::intrusive_ptr<c10d::Store> beats_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> sequence_{0};  // collectives this rank has entered
  uint64_t posted_ = 0;                // the count the store holds (heartbeat thread)
  std::thread thread_;
};

}  // namespace emoforget::distributed
