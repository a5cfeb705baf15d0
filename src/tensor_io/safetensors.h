// The safetensors checkpoint format (Hugging Face): an 8-byte little-endian
// header length N, N bytes of JSON {name: {dtype, shape, data_offsets}, "__metadata__"},
// then the raw little-endian tensor bytes. Reading is strict (a security boundary):
// see safetensors_header.h for every rule checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "tensor_io/tensor_map.h"

namespace emoforget::tensor_io {

// Reads every tensor of `path` into owned, contiguous CPU tensors.
// Throws emoforget::Error naming the file (and the tensor) on any malformed input.
TensorMap read_safetensors(const std::filesystem::path& path);

// Same on an in-memory image of a file; `source_name` is used in error messages.
TensorMap parse_safetensors(const uint8_t* data, size_t size, const std::string& source_name);

// Writes `tensors` atomically (temporary file + rename) in the layout of the reference
// writer: tensors in name order, header padded with spaces to 8 bytes. The header's
// "__metadata__" holds `metadata` plus {"format": "pt"} unless `metadata` sets "format"
// (transformers refuses files without it). Tensors may live on any device and be
// non-contiguous; they are written as contiguous little-endian bytes.
void write_safetensors(const std::filesystem::path& path, const TensorMap& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// The "__metadata__" object of `path` (empty when absent). Reads and fully validates the
// header only, without loading tensor data.
std::map<std::string, std::string> read_safetensors_metadata(const std::filesystem::path& path);

}  // namespace emoforget::tensor_io
