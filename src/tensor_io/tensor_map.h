// TensorMap: named tensors as read from or written to a checkpoint file
// (Hugging Face parameter names -> CPU tensors), ordered by name.
#pragma once

#include <ATen/core/Tensor.h>

#include <map>
#include <string>

namespace emoforget::tensor_io {

// at::Tensor is the same type as torch::Tensor; the lighter header keeps builds fast.
using TensorMap = std::map<std::string, at::Tensor>;

}  // namespace emoforget::tensor_io
