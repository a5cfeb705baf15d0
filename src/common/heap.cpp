#include "common/heap.h"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace emoforget {

bool configure_heap() {
#if defined(__GLIBC__)
  constexpr int kMaxMmapThreshold = 32 * 1024 * 1024;  // glibc's ceiling on 64-bit hosts
  constexpr int kTrimThreshold = 1024 * 1024 * 1024;
  constexpr int kTopPad = 64 * 1024 * 1024;
  if (std::getenv("MALLOC_MMAP_THRESHOLD_") == nullptr) {
    if (mallopt(M_MMAP_THRESHOLD, kMaxMmapThreshold) != 1) return false;
  }
  if (std::getenv("MALLOC_TRIM_THRESHOLD_") == nullptr) {
    if (mallopt(M_TRIM_THRESHOLD, kTrimThreshold) != 1) return false;
  }
  if (std::getenv("MALLOC_TOP_PAD_") == nullptr) {
    if (mallopt(M_TOP_PAD, kTopPad) != 1) return false;
  }
  return true;
#else
  return false;
#endif
}

}  // namespace emoforget
