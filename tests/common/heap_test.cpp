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
struct HeapWhileHolding {
  size_t mmapped_blocks;
  size_t heap_bytes;
};

HeapWhileHolding heap_while_holding(size_t bytes) {
  void* volatile block = std::malloc(bytes);
  EXPECT_NE(block, nullptr);
  std::memset(block, 1, 4096);
  const struct mallinfo2 info = mallinfo2();
  std::free(block);
  return {info.hblks, info.arena};
}

// AddressSanitizer replaces glibc's allocator, which then has nothing to configure.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kGlibcAllocator = false;
#elif defined(__has_feature)
constexpr bool kGlibcAllocator = !__has_feature(address_sanitizer);
#else
constexpr bool kGlibcAllocator = true;
#endif

TEST(Heap, ServesLargeBlocksFromTheHeap) {
  if (!kGlibcAllocator) GTEST_SKIP() << "AddressSanitizer's allocator replaces glibc's";
  ASSERT_TRUE(configure_heap());
  const size_t mmapped_before = mallinfo2().hblks;
  // 16 MiB: a large activation; glibc's default would mmap it (threshold 128 KiB).
  EXPECT_EQ(heap_while_holding(16u << 20).mmapped_blocks, mmapped_before);
  // 2 GiB: above glibc's 32 MiB mmap ceiling and above the 1 GiB the heap keeps free; still
  // not mmapped, and the heap itself holds it.
  const HeapWhileHolding huge = heap_while_holding(size_t{2} << 30);
  EXPECT_EQ(huge.mmapped_blocks, mmapped_before);
  EXPECT_GE(huge.heap_bytes, size_t{2} << 30);
}
#else
TEST(Heap, ReportsNothingChangedOutsideGlibc) {
  EXPECT_FALSE(configure_heap());
}
#endif

}  // namespace
}  // namespace emoforget
