// The process heap, tuned for LibTorch's CPU allocator. Activations of a few hundred KiB to a
// few MiB are allocated and freed every step; glibc serves blocks above 128 KiB with mmap and
// hands them back with munmap, so each step faults in fresh zeroed pages and half the CPU time
// goes to the kernel. Keeping such blocks in the heap removes that cost.
#pragma once

namespace emoforget {

// Raises glibc's mmap threshold to its maximum (32 MiB) and keeps freed memory in the process
// instead of trimming it back to the kernel. A MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_
// set in the environment wins. Returns false where the C library is not glibc (nothing changed).
bool configure_heap();

}  // namespace emoforget
