// PyTorch's torch.save zip format (pytorch_model.bin): <top>/data.pkl, a pickled state
// dict, plus one raw storage per <top>/data/<key>. The pickle is run by a restricted
// unpickler (restricted_unpickler.h) that only builds tensors and dict containers and
// refuses every other global, so a malicious file cannot execute code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "tensor_io/tensor_map.h"

namespace emoforget::tensor_io {

// Reads a flat state dict ({name: tensor}) into owned, contiguous CPU tensors.
// Views into shared storages become independent copies with the view's values; storages
// saved from any device (cpu, cuda:N) load to the CPU. Parameters load as plain tensors.
TensorMap read_pytorch_bin(const std::filesystem::path& path);

// Same on an in-memory image of the zip file; `source_name` is used in error messages.
TensorMap parse_pytorch_bin(const uint8_t* data, size_t size, const std::string& source_name);

}  // namespace emoforget::tensor_io
