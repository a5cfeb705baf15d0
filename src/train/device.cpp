#include "train/device.h"

#include <torch/cuda.h>

#include "common/error.h"
#include "distributed/environment.h"

namespace emoforget::train {

void DeviceConfig::validate() const {
  torch::Device parsed(torch::kCPU);
  try {
    parsed = torch::Device(device);
  } catch (const std::exception&) {
    throw Error("--device: unknown device '" + device + "' (use cpu, cuda or cuda:N)");
  }
  if (!parsed.is_cpu() && !parsed.is_cuda()) {
    throw Error("--device: unsupported device '" + device + "' (use cpu, cuda or cuda:N)");
  }
  if (parsed.is_cuda()) {
    if (!torch::cuda::is_available()) {
      throw Error("--device " + device +
                  ": no CUDA device is available to this LibTorch build; use --device cpu");
    }
    if (parsed.has_index() && parsed.index() >= static_cast<int>(torch::cuda::device_count())) {
      throw Error("--device " + device + ": only " + std::to_string(torch::cuda::device_count()) +
                  " CUDA device(s) present");
    }
  }
  if (bf16 && !parsed.is_cuda())
    throw Error("--bf16 needs --device cuda (bf16 autocast is CUDA only)");
}

torch::Device DeviceConfig::torch_device() const {
  // One rank per GPU: a distributed run's plain "cuda" is this machine's LOCAL_RANK-th,
  // also for the single-process cells a rank runs (reproduce).
  const distributed::Environment& env = distributed::process_environment();
  if (device == "cuda" && env.distributed())
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(env.local_rank));
  return torch::Device(device);
}

}  // namespace emoforget::train
