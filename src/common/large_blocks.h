// Where LibTorch's largest CPU tensors live. configure_heap keeps every block in the process
// heap, which makes the many small activations of a step cheap; but blocks of a MiB and more
// (the 512-channel feature maps of `base` on clips of seconds) then fragment the heap, and the
// freed space between them stays resident: the input-gradient pass of `base` at 3 s and batch 4
// peaked at 1723 MiB with at most 1037 MiB of such blocks live at once. Handing each such block
// back to the kernel (mmap/munmap) would fix the peak but fault every page in again at every step
// (+12-27 % time for that pass).
//
// So LibTorch's CPU allocator is replaced by one that maps each block of at least a threshold
// on its own and keeps it when its tensor dies: a later request takes the kept block of its own
// size class (classes are an eighth of a power of two apart) or else the smallest kept block of
// at most twice its size, whose pages are resident already. Before a new block is mapped, kept
// blocks are unmapped, the longest kept first, until the live and kept blocks fit within 1.2
// times the most that has ever been live at once. Smaller blocks go to LibTorch's own
// allocator, as before. Measured on `base`, 3 s clips, batch 4 and 8: peak RSS 5-23 % lower, time
// unchanged (docs/performance.md).
#pragma once

#include <cstddef>

namespace emoforget {

// The default threshold: blocks of at least 1 MiB are mapped.
constexpr std::size_t kDefaultLargeBlockBytes = std::size_t{1} << 20;

// Installs the allocator for LibTorch's CPU tensors with `threshold` bytes (0: leave LibTorch's
// own allocator alone). EMOFORGET_LARGE_BLOCK_BYTES in the environment, a byte count, wins over
// the argument (Error when it is not one). Installing again only changes the threshold (0 then
// sends new blocks to the heap). Returns the threshold in force.
std::size_t map_large_blocks(std::size_t threshold = kDefaultLargeBlockBytes);

// The threshold in force (0: LibTorch's own allocator serves every block); reports record it.
std::size_t large_block_threshold();

// The size class a block of `bytes` is mapped with (>= bytes, at most 1/8 more, whole pages).
std::size_t large_block_class(std::size_t bytes);

struct LargeBlockStats {
  std::size_t live_blocks = 0, live_bytes = 0;  // mapped and held by tensors
  std::size_t kept_blocks = 0, kept_bytes = 0;  // mapped, freed, kept for reuse
  std::size_t most_live_bytes = 0;              // the most ever live at once
  std::size_t mappings = 0;                     // blocks mapped since the start
};
LargeBlockStats large_block_stats();

}  // namespace emoforget
