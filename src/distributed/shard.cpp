#include "distributed/shard.h"

#include <algorithm>

namespace emoforget::distributed {

Range shard_of(int64_t begin, int64_t end, int rank, int ranks) {
  const int64_t count = std::max<int64_t>(0, end - begin);
  const int64_t base = count / ranks;
  const int64_t extra = count % ranks;
  const int64_t first = begin + rank * base + std::min<int64_t>(rank, extra);
  return {first, first + base + (rank < extra ? 1 : 0)};
}

}  // namespace emoforget::distributed
