// Where a run computes: device choice (cpu | cuda), bf16 autocast on CUDA, and
// the guards that turn autocast on for a scope on LibTorch 1.13 and 2.x alike.
#pragma once

#include <string>

#include <torch/types.h>

#include "model/autocast.h"

namespace emoforget::train {

struct DeviceConfig {
  std::string device = "cpu";  // "cpu" | "cuda" | "cuda:N"
  bool bf16 = false;           // bf16 autocast (CUDA only)

  // Throws when the device is unknown or unavailable in this LibTorch build.
  void validate() const;
  torch::Device torch_device() const;
};

// Enables bf16 autocast on CUDA for the guard's lifetime when `config.bf16` is set.
class AutocastGuard : public model::AutocastScope {
 public:
  explicit AutocastGuard(const DeviceConfig& config)
      : model::AutocastScope(torch::kCUDA, torch::kBFloat16, config.bf16) {}
};

}  // namespace emoforget::train
