#include "common/build_info.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "common/blas_core.h"
#include "common/large_blocks.h"

namespace emoforget {

nlohmann::json build_info() {
  return {
      {"emoforget", "0.1.0"},
      {"libtorch", TORCH_VERSION},
      {"threads", at::get_num_threads()},
      {"blas_core", blas_core_name()},
      {"large_block_bytes", large_block_threshold()},
      {"cuda_available", torch::cuda::is_available()},
      {"cuda_devices", torch::cuda::device_count()},
  };
}

}  // namespace emoforget
