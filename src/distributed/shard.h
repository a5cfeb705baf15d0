// How work is split over the ranks of a run.
#pragma once

#include <cstdint>

namespace emoforget::distributed {

// Rows [begin, end) of a contiguous range.
struct Range {
  int64_t begin = 0;
  int64_t end = 0;
  int64_t size() const { return end - begin; }
};

// Rank `rank`'s contiguous share of [begin, end) split over `ranks`: the first
// (count % ranks) ranks take one row more; a rank may get none.
Range shard_of(int64_t begin, int64_t end, int rank, int ranks);

// Whether unit `index` (a batch, a job) of a round-robin deal belongs to `rank`.
inline bool deals_to(int64_t index, int rank, int ranks) {
  return index % ranks == rank;
}

}  // namespace emoforget::distributed
