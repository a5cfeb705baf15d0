// AutocastScope over the version-specific autocast state functions (see autocast.h).
#include "model/autocast.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "common/error.h"

// LibTorch 2.4 replaced the per-device setters with ones taking a device type.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define EMOFORGET_AUTOCAST_BY_DEVICE_TYPE 1
#endif

namespace emoforget::model {
namespace {

bool autocast_enabled(torch::DeviceType device) {
#ifdef EMOFORGET_AUTOCAST_BY_DEVICE_TYPE
  return at::autocast::is_autocast_enabled(device);
#else
  return device == torch::kCUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

void set_autocast_enabled(torch::DeviceType device, bool enabled) {
#ifdef EMOFORGET_AUTOCAST_BY_DEVICE_TYPE
  at::autocast::set_autocast_enabled(device, enabled);
#else
  if (device == torch::kCUDA) {
    at::autocast::set_enabled(enabled);
  } else {
    at::autocast::set_cpu_enabled(enabled);
  }
#endif
}

torch::ScalarType autocast_dtype(torch::DeviceType device) {
#ifdef EMOFORGET_AUTOCAST_BY_DEVICE_TYPE
  return at::autocast::get_autocast_dtype(device);
#else
  return device == torch::kCUDA ? at::autocast::get_autocast_gpu_dtype()
                                : at::autocast::get_autocast_cpu_dtype();
#endif
}

void set_autocast_dtype(torch::DeviceType device, torch::ScalarType dtype) {
#ifdef EMOFORGET_AUTOCAST_BY_DEVICE_TYPE
  at::autocast::set_autocast_dtype(device, dtype);
#else
  if (device == torch::kCUDA) {
    at::autocast::set_autocast_gpu_dtype(dtype);
  } else {
    at::autocast::set_autocast_cpu_dtype(dtype);
  }
#endif
}

}  // namespace

AutocastScope::AutocastScope(torch::DeviceType device, torch::ScalarType dtype, bool enabled)
    : device_(device), active_(enabled) {
  if (!active_) return;
  if (device != torch::kCUDA && device != torch::kCPU) {
    throw Error("autocast: unsupported device type " + c10::DeviceTypeName(device) +
                " (supported: cpu, cuda)");
  }
  if (dtype != torch::kBFloat16 && dtype != torch::kFloat16) {
    throw Error(std::string("autocast: dtype must be bfloat16 or float16, got ") +
                c10::toString(dtype));
  }
  previous_enabled_ = autocast_enabled(device);
  previous_dtype_ = autocast_dtype(device);
  set_autocast_enabled(device, true);
  set_autocast_dtype(device, dtype);
  at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
  if (!active_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  set_autocast_enabled(device_, previous_enabled_);
  set_autocast_dtype(device_, previous_dtype_);
}

}  // namespace emoforget::model
