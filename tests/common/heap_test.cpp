#include "common/heap.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace emoforget {
namespace {

#if defined(__GLIBC__)
// Number of blocks glibc currently serves with mmap while a block of `bytes` is held.
size_t mmapped_blocks_while_holding(size_t bytes) {
  void* volatile block = std::malloc(bytes);
  EXPECT_NE(block, nullptr);
  std::memset(block, 1, 4096);
  const size_t blocks = mallinfo2().hblks;
  std::free(block);
  return blocks;
}

TEST(Heap, KeepsStepSizedBlocksOutOfMmap) {
  ASSERT_TRUE(configure_heap());
  const size_t before = mallinfo2().hblks;
  // 16 MiB: a large activation; served with mmap by glibc's default 128 KiB threshold.
  EXPECT_EQ(mmapped_blocks_while_holding(16u << 20), before);
  // Larger than anything the heap may keep free (1 GiB) and above glibc's 32 MiB ceiling: still
  // mmapped, so the count does move.
  EXPECT_EQ(mmapped_blocks_while_holding(size_t{2} << 30), before + 1);
}
#else
TEST(Heap, ReportsNothingChangedOutsideGlibc) {
  EXPECT_FALSE(configure_heap());
}
#endif

}  // namespace
}  // namespace emoforget
