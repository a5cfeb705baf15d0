#include "common/large_blocks.h"

#include <gtest/gtest.h>

#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>

#include <cstdlib>
#include <string>

#include "common/error.h"

namespace emoforget {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

// Floats filling `bytes` exactly.
torch::Tensor block_of(std::size_t bytes) {
  return torch::empty({static_cast<int64_t>(bytes / sizeof(float))}, torch::kFloat32);
}

class LargeBlocks : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(map_large_blocks(kMiB), kMiB); }
  void TearDown() override { map_large_blocks(kMiB); }
};

TEST(LargeBlockClass, RoundsUpByAtMostAnEighth) {
  EXPECT_EQ(large_block_class(1), 4096u);
  EXPECT_EQ(large_block_class(kMiB), kMiB);
  EXPECT_EQ(large_block_class(kMiB + 1), kMiB + kMiB / 8);
  EXPECT_EQ(large_block_class(3 * kMiB), 3 * kMiB);
  for (std::size_t bytes : {kMiB + 12345, 5 * kMiB + 1, 77 * kMiB + 4097, 1000 * kMiB + 3}) {
    const std::size_t size = large_block_class(bytes);
    EXPECT_GE(size, bytes);
    EXPECT_LE(size - bytes, bytes / 8);
    EXPECT_EQ(size % 4096, 0u);
  }
}

TEST_F(LargeBlocks, MapsOnlyBlocksAtTheThresholdAndKeepsThemWhenFreed) {
  const LargeBlockStats before = large_block_stats();
  {
    const torch::Tensor small = block_of(kMiB - 4096);
    EXPECT_EQ(large_block_stats().live_blocks, before.live_blocks);
    const torch::Tensor large = block_of(3 * kMiB);
    const LargeBlockStats holding = large_block_stats();
    EXPECT_EQ(holding.live_blocks, before.live_blocks + 1);
    EXPECT_EQ(holding.live_bytes, before.live_bytes + 3 * kMiB);
  }
  const LargeBlockStats after = large_block_stats();
  EXPECT_EQ(after.live_blocks, before.live_blocks);
  EXPECT_GE(after.kept_bytes, 3 * kMiB);  // kept for the next block of its class
}

TEST_F(LargeBlocks, AFreedBlockServesTheNextRequestOfItsClass) {
  void* first = nullptr;
  {
    torch::Tensor block = block_of(6 * kMiB);
    block.fill_(2.5f);
    first = block.data_ptr();
  }
  const std::size_t mappings = large_block_stats().mappings;
  const torch::Tensor again = block_of(6 * kMiB - 4096);  // same class
  EXPECT_EQ(again.data_ptr(), first);
  EXPECT_EQ(large_block_stats().mappings, mappings);  // nothing new mapped
  again.fill_(1.0f);
  EXPECT_EQ(again.sum().item<double>(), static_cast<double>(again.numel()));
}

TEST_F(LargeBlocks, AKeptBlockUpToTwiceTheSizeServesASmallerRequest) {
  void* first = nullptr;
  {
    const torch::Tensor block = block_of(20 * kMiB);
    first = block.data_ptr();
  }
  const std::size_t mappings = large_block_stats().mappings;
  const torch::Tensor smaller = block_of(11 * kMiB);  // another class, over half of 20 MiB
  EXPECT_EQ(smaller.data_ptr(), first);
  EXPECT_EQ(large_block_stats().mappings, mappings);
  EXPECT_GE(large_block_stats().live_bytes, 20 * kMiB);  // counted at its whole length
}

TEST_F(LargeBlocks, KeptBlocksAreUnmappedBeforeLiveAndKeptExceedTheBound) {
  // A block larger than anything before it sets the most ever live; once freed and kept, a
  // request under half its size cannot use it, and mapping one beside it would exceed 1.2x the
  // most ever live: the kept blocks go, the large one with them.
  const std::size_t big = large_block_class(4 * (large_block_stats().most_live_bytes + 8 * kMiB));
  void* big_data = nullptr;
  {
    const torch::Tensor block = block_of(big);
    big_data = block.data_ptr();
  }
  const LargeBlockStats kept = large_block_stats();
  ASSERT_GE(kept.kept_bytes, big);
  const torch::Tensor third = block_of(large_block_class(big / 3));
  const LargeBlockStats after = large_block_stats();
  EXPECT_NE(third.data_ptr(), big_data);
  EXPECT_LT(after.kept_bytes, big);
  EXPECT_EQ(after.mappings, kept.mappings + 1);
  EXPECT_LE(static_cast<double>(after.live_bytes + after.kept_bytes),
            1.2 * static_cast<double>(after.most_live_bytes));
}

TEST_F(LargeBlocks, RawAllocationsAreFreedByTheRawDeleter) {
  c10::Allocator* allocator = c10::GetCPUAllocator();
  const LargeBlockStats before = large_block_stats();
  void* large = allocator->raw_allocate(2 * kMiB);
  void* small = allocator->raw_allocate(1000);
  ASSERT_NE(large, nullptr);
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(large_block_stats().live_blocks, before.live_blocks + 1);
  allocator->raw_deallocate(large);
  allocator->raw_deallocate(small);
  EXPECT_EQ(large_block_stats().live_blocks, before.live_blocks);
}

TEST_F(LargeBlocks, ThresholdZeroSendsNewBlocksToTheHeap) {
  EXPECT_EQ(large_block_threshold(), kMiB);
  ASSERT_EQ(map_large_blocks(0), 0u);
  EXPECT_EQ(large_block_threshold(), 0u);
  const LargeBlockStats before = large_block_stats();
  const torch::Tensor large = block_of(4 * kMiB);
  EXPECT_EQ(large_block_stats().live_blocks, before.live_blocks);
}

TEST_F(LargeBlocks, AnEnvironmentValueThatIsNotAByteCountIsRefusedByName) {
  ASSERT_EQ(setenv("EMOFORGET_LARGE_BLOCK_BYTES", "64M", 1), 0);
  try {
    map_large_blocks(kMiB);
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("EMOFORGET_LARGE_BLOCK_BYTES=64M"), std::string::npos);
  }
  ASSERT_EQ(setenv("EMOFORGET_LARGE_BLOCK_BYTES", "2097152", 1), 0);
  EXPECT_EQ(map_large_blocks(kMiB), 2 * kMiB);
  ASSERT_EQ(unsetenv("EMOFORGET_LARGE_BLOCK_BYTES"), 0);
}

}  // namespace
}  // namespace emoforget
