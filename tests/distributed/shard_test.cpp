#include "distributed/shard.h"

#include <gtest/gtest.h>

namespace emoforget::distributed {
namespace {

TEST(Shard, SplitsARangeInOrderWithoutGapsOrOverlap) {
  for (int ranks = 1; ranks <= 5; ++ranks) {
    for (int64_t count = 0; count <= 11; ++count) {
      int64_t next = 3;
      for (int r = 0; r < ranks; ++r) {
        const Range mine = shard_of(3, 3 + count, r, ranks);
        EXPECT_EQ(mine.begin, next) << count << " over " << ranks;
        EXPECT_GE(mine.size(), count / ranks);
        EXPECT_LE(mine.size(), count / ranks + 1);
        next = mine.end;
      }
      EXPECT_EQ(next, 3 + count);
    }
  }
  EXPECT_EQ(shard_of(0, 1, 1, 2).size(), 0);  // more ranks than rows: some get none
}

TEST(Shard, DealsRoundRobin) {
  EXPECT_TRUE(deals_to(0, 0, 2));
  EXPECT_TRUE(deals_to(3, 1, 2));
  EXPECT_FALSE(deals_to(3, 0, 2));
}

}  // namespace
}  // namespace emoforget::distributed
