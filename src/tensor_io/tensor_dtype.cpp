#include "tensor_io/tensor_dtype.h"

#include <array>

namespace emoforget::tensor_io {
namespace {

struct DtypeEntry {
  const char* safetensors_name;
  const char* storage_class;
  c10::ScalarType type;
  size_t element_size;
};

constexpr std::array<DtypeEntry, 10> kDtypes = {{
    {"BOOL", "BoolStorage", c10::ScalarType::Bool, 1},
    {"U8", "ByteStorage", c10::ScalarType::Byte, 1},
    {"I8", "CharStorage", c10::ScalarType::Char, 1},
    {"I16", "ShortStorage", c10::ScalarType::Short, 2},
    {"I32", "IntStorage", c10::ScalarType::Int, 4},
    {"I64", "LongStorage", c10::ScalarType::Long, 8},
    {"F16", "HalfStorage", c10::ScalarType::Half, 2},
    {"BF16", "BFloat16Storage", c10::ScalarType::BFloat16, 2},
    {"F32", "FloatStorage", c10::ScalarType::Float, 4},
    {"F64", "DoubleStorage", c10::ScalarType::Double, 8},
}};

}  // namespace

std::optional<c10::ScalarType> dtype_from_safetensors_name(const std::string& name) {
  for (const auto& entry : kDtypes) {
    if (name == entry.safetensors_name) return entry.type;
  }
  return std::nullopt;
}

std::optional<std::string> safetensors_name_of(c10::ScalarType type) {
  for (const auto& entry : kDtypes) {
    if (type == entry.type) return std::string(entry.safetensors_name);
  }
  return std::nullopt;
}

std::optional<c10::ScalarType> dtype_from_storage_class(const std::string& name) {
  for (const auto& entry : kDtypes) {
    if (name == entry.storage_class) return entry.type;
  }
  return std::nullopt;
}

size_t dtype_element_size(c10::ScalarType type) {
  for (const auto& entry : kDtypes) {
    if (type == entry.type) return entry.element_size;
  }
  return c10::elementSize(type);
}

std::string supported_safetensors_names() {
  std::string names;
  for (const auto& entry : kDtypes) {
    if (!names.empty()) names += ", ";
    names += entry.safetensors_name;
  }
  return names;
}

}  // namespace emoforget::tensor_io
