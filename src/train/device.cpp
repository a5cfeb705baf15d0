#include "train/device.h"

#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "common/error.h"

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define EMOFORGET_AUTOCAST_PER_DEVICE 1
#else
#define EMOFORGET_AUTOCAST_PER_DEVICE 0
#endif

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
  return torch::Device(device);
}

AutocastGuard::AutocastGuard(const DeviceConfig& config) : enabled_(config.bf16) {
  if (!enabled_) return;
#if EMOFORGET_AUTOCAST_PER_DEVICE
  previous_ = at::autocast::is_autocast_enabled(at::kCUDA);
  at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
  at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
  previous_ = at::autocast::is_enabled();
  at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
  at::autocast::set_enabled(true);
#endif
}

AutocastGuard::~AutocastGuard() {
  if (!enabled_) return;
#if EMOFORGET_AUTOCAST_PER_DEVICE
  at::autocast::set_autocast_enabled(at::kCUDA, previous_);
#else
  at::autocast::set_enabled(previous_);
#endif
  at::autocast::clear_cache();
}

}  // namespace emoforget::train
