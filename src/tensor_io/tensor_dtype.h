// Element types shared by the checkpoint formats: safetensors dtype names
// ("F32", "BF16", ...) and torch.save storage class names ("FloatStorage", ...),
// mapped to LibTorch scalar types and element sizes.
#pragma once

#include <c10/core/ScalarType.h>

#include <cstddef>
#include <optional>
#include <string>

namespace emoforget::tensor_io {

// The scalar type of a safetensors dtype name, or nullopt when unsupported.
std::optional<c10::ScalarType> dtype_from_safetensors_name(const std::string& name);

// The safetensors name of `type`, or nullopt when the format cannot hold it.
std::optional<std::string> safetensors_name_of(c10::ScalarType type);

// The scalar type of a torch.save storage class ("FloatStorage"), or nullopt.
std::optional<c10::ScalarType> dtype_from_storage_class(const std::string& name);

// Bytes per element of a supported type.
size_t dtype_element_size(c10::ScalarType type);

// "BOOL, U8, I8, ..." for hints in error messages.
std::string supported_safetensors_names();

}  // namespace emoforget::tensor_io
