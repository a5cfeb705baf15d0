// Strict validation of a safetensors header. Rules (each violation is an
// emoforget::Error naming the file and, where there is one, the tensor):
// - the file holds at least the 8-byte length prefix; the header length is at most
//   kMaxSafetensorsHeaderBytes and fits in the file;
// - the header is well-formed UTF-8 JSON, an object, no key repeated at any level,
//   nesting no deeper than the format needs;
// - "__metadata__", when present, is an object of string values;
// - every other entry is an object with exactly "dtype" (a supported name), "shape"
//   (non-negative integers whose product and byte count do not overflow) and
//   "data_offsets" ([begin, end] with begin <= end inside the data section);
// - end - begin equals dtype size x element count;
// - tensors neither overlap nor leave gaps, and together cover the data section exactly
//   (this is what the reference reader enforces and what its writer produces).
#pragma once

#include <c10/core/ScalarType.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace emoforget::tensor_io {

// The reference implementation's cap on the JSON header.
constexpr uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

struct SafetensorsEntry {
  std::string name;
  c10::ScalarType dtype = c10::ScalarType::Float;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets relative to the data section
  uint64_t end = 0;
};

struct SafetensorsHeader {
  std::vector<SafetensorsEntry> tensors;  // ordered by data offset
  std::map<std::string, std::string> metadata;
  uint64_t data_start = 0;  // absolute offset of the data section (8 + header length)
};

// Decodes and bounds-checks the 8-byte header length `prefix` against `file_size`.
uint64_t safetensors_header_length(const uint8_t* prefix, uint64_t file_size,
                                   const std::string& source);

// Validates the JSON header `json` for a file of `file_size` bytes.
SafetensorsHeader parse_safetensors_header(const char* json, size_t json_size, uint64_t file_size,
                                           const std::string& source);

}  // namespace emoforget::tensor_io
