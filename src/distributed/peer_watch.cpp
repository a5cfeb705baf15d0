#include "distributed/peer_watch.h"

#include <vector>

#include "common/error.h"

namespace emoforget::distributed {
namespace {

std::string beat_key(int rank) {
  return "emoforget/beat/" + std::to_string(rank);
}
std::string sequence_key(int rank) {
  return "emoforget/sequence/" + std::to_string(rank);
}

std::vector<uint8_t> sequence_bytes(uint64_t sequence) {
  std::vector<uint8_t> bytes(8);
  for (int i = 0; i < 8; ++i)
    bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(sequence >> (8 * i));
  return bytes;
}

std::string rank_list(const std::vector<int>& ranks) {
  std::string text = ranks.size() == 1 ? "rank " : "ranks ";
  for (size_t i = 0; i < ranks.size(); ++i)
    text += (i == 0 ? "" : ", ") + std::to_string(ranks[i]);
  return text;
}

}  // namespace

PeerWatch::PeerWatch(const std::function<c10::intrusive_ptr<c10d::Store>()>& connect, int rank,
                     int size)
    : rank_(rank), size_(size), queries_(connect()), beats_(connect()) {
  beats_->add(beat_key(rank_), 1);
  thread_ = std::thread([this] {
    while (!stop_.load()) {
      for (int waited = 0; waited < kBeat.count() && !stop_.load(); waited += 50)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (stop_.load()) break;
      try {
        // The collective count goes out with the heartbeat, off the ranks' critical path:
        // a diagnosis waits longer than a beat before it reads the counts.
        const uint64_t sequence = sequence_.load();
        if (sequence != posted_) {
          beats_->set(sequence_key(rank_), sequence_bytes(sequence));
          posted_ = sequence;
        }
        beats_->add(beat_key(rank_), 1);
      } catch (const std::exception&) {
        return;  // the store is gone: the next collective says so
      }
    }
  });
}

PeerWatch::~PeerWatch() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

void PeerWatch::entering(uint64_t sequence) {
  sequence_.store(sequence);
}

void PeerWatch::await_all(const std::string& key, const std::string& what) {
  const std::string counter = "emoforget/await/" + key;
  std::vector<int64_t> beats(static_cast<size_t>(size_), -1);
  std::vector<std::chrono::steady_clock::time_point> changed(static_cast<size_t>(size_),
                                                             std::chrono::steady_clock::now());
  try {
    queries_->add(counter, 1);
    while (queries_->add(counter, 0) < size_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const auto now = std::chrono::steady_clock::now();
      std::vector<int> stopped;
      for (int r = 0; r < size_; ++r) {
        const int64_t beat = queries_->add(beat_key(r), 0);
        if (beat != beats[static_cast<size_t>(r)]) {
          beats[static_cast<size_t>(r)] = beat;
          changed[static_cast<size_t>(r)] = now;
        } else if (r != rank_ && now - changed[static_cast<size_t>(r)] > kBeat * 5) {
          stopped.push_back(r);
        }
      }
      if (!stopped.empty()) {
        throw Error("distributed: rank " + std::to_string(rank_) + ": waiting for " + what + ": " +
                    rank_list(stopped) +
                    " stopped (no heartbeat for 5 s: it exited, was killed or lost its "
                    "connection)");
      }
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception&) {
    throw Error("distributed: rank " + std::to_string(rank_) + ": waiting for " + what +
                ": the rendezvous store stopped answering (its host, rank 0 or the launcher, "
                "is gone)");
  }
}

std::string PeerWatch::diagnose(uint64_t sequence) {
  try {
    std::vector<int64_t> before(static_cast<size_t>(size_));
    for (int r = 0; r < size_; ++r)
      before[static_cast<size_t>(r)] = queries_->add(beat_key(r), 0);
    std::this_thread::sleep_for(kBeat * 5 / 2);
    std::vector<int> stopped;
    for (int r = 0; r < size_; ++r) {
      if (r != rank_ && queries_->add(beat_key(r), 0) == before[static_cast<size_t>(r)])
        stopped.push_back(r);
    }
    if (!stopped.empty()) {
      return rank_list(stopped) + " stopped (no heartbeat for 2.5 s: it exited, was killed " +
             "or lost its connection)";
    }
    std::vector<int> behind;
    for (int r = 0; r < size_; ++r) {
      if (r == rank_) continue;
      uint64_t theirs = 0;
      if (queries_->check({sequence_key(r)})) {
        const std::vector<uint8_t> bytes = queries_->get(sequence_key(r));
        for (size_t i = 0; i < bytes.size() && i < 8; ++i)
          theirs |= static_cast<uint64_t>(bytes[i]) << (8 * i);
      }
      if (theirs < sequence) behind.push_back(r);
    }
    if (!behind.empty()) {
      return rank_list(behind) + " did not reach this step (alive, but stuck or slower than " +
             "the timeout allows)";
    }
    return "";
  } catch (const std::exception&) {
    return "the rendezvous store stopped answering (its host, rank 0 or the launcher, is gone)";
  }
}

}  // namespace emoforget::distributed
