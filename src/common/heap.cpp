#include "common/heap.h"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "common/large_blocks.h"

namespace emoforget {

bool configure_heap() {
  map_large_blocks();
#if defined(__GLIBC__)
  struct Setting {
    const char* environment;  // glibc's own variable for the same parameter; when set, it wins
    int parameter;
    int value;
  };
  const Setting settings[] = {
      {"MALLOC_MMAP_MAX_", M_MMAP_MAX, 0},  // every block from the heap, none from mmap
      {"MALLOC_MMAP_THRESHOLD_", M_MMAP_THRESHOLD, 32 * 1024 * 1024},  // where mmap is allowed
      {"MALLOC_TRIM_THRESHOLD_", M_TRIM_THRESHOLD, 1024 * 1024 * 1024},
      {"MALLOC_TOP_PAD_", M_TOP_PAD, 64 * 1024 * 1024},
  };
  for (const Setting& setting : settings) {
    if (std::getenv(setting.environment) != nullptr) continue;
    if (mallopt(setting.parameter, setting.value) != 1) return false;
  }
  return true;
#else
  return false;
#endif
}

}  // namespace emoforget
