// LibTorch's intra-op thread pool. Debian's LibTorch starts with one thread;
// emoforget uses every core unless told otherwise.
#pragma once

namespace emoforget {

// Sets LibTorch's intra-op threads; n <= 0 means all cores. Returns the count in use.
int configure_threads(int n);

}  // namespace emoforget
