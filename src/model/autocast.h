// Mixed-precision scope (torch.autocast) for running the model in bf16/fp16 on CUDA (or bf16
// on CPU), with one interface over the LibTorch 1.13 and 2.x autocast APIs.
#pragma once

#include <torch/torch.h>

namespace emoforget::model {

// Enables autocast for `device` with `dtype` for the lifetime of the object and restores the
// previous state afterwards. With `enabled` false it changes nothing.
class AutocastScope {
 public:
  AutocastScope(torch::DeviceType device, torch::ScalarType dtype, bool enabled = true);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  torch::DeviceType device_;
  bool active_;
  bool previous_enabled_ = false;
  torch::ScalarType previous_dtype_ = torch::kFloat32;
};

}  // namespace emoforget::model
