// The process heap, tuned for LibTorch's CPU allocator. Activations of a few hundred KiB to
// tens of MiB are allocated and freed every step; glibc serves blocks above 128 KiB with mmap
// and hands them back with munmap, so each step faults in fresh zeroed pages and most of the
// CPU time goes to the kernel. Keeping every block in the heap removes that cost.
#pragma once

namespace emoforget {

// Serves every block from the heap (no mmap) except LibTorch's largest tensors, which
// map_large_blocks (common/large_blocks.h) maps one by one, and keeps up to 1 GiB of freed memory
// in the process instead of trimming it back to the kernel. MALLOC_MMAP_MAX_,
// MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or MALLOC_TOP_PAD_ set in the environment wins
// over the setting it names. Returns false where the C library is not glibc (nothing changed).
bool configure_heap();

}  // namespace emoforget
