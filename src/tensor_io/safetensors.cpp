#include "tensor_io/safetensors.h"

#include <ATen/ops/empty.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/atomic_write.h"
#include "common/error.h"
#include "tensor_io/mapped_file.h"
#include "tensor_io/safetensors_header.h"
#include "tensor_io/tensor_dtype.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "safetensors data is little-endian; big-endian hosts would need byte swapping");

namespace emoforget::tensor_io {
namespace fs = std::filesystem;
namespace {

using nlohmann::json;

std::string json_string(const std::string& text, const std::string& what, const fs::path& path) {
  try {
    return json(text).dump();
  } catch (const json::exception& e) {
    throw Error("cannot write " + path.string() + ": " + what + " is not valid UTF-8 (" + e.what() +
                ")");
  }
}

// Builds the JSON header of the reference writer: "__metadata__" first, then the
// tensors in layout order, each {"dtype","shape","data_offsets"}, padded to 8 bytes.
std::string build_header(const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                         const std::map<std::string, std::string>& metadata, const fs::path& path) {
  std::string header = "{\"__metadata__\":{";
  bool first = true;
  for (const auto& [key, value] : metadata) {
    if (!first) header += ',';
    first = false;
    header += json_string(key, "metadata key '" + key + "'", path) + ':' +
              json_string(value, "metadata value of '" + key + "'", path);
  }
  header += '}';
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    header += ',' + json_string(name, "tensor name '" + name + "'", path) + ":{\"dtype\":\"" +
              *safetensors_name_of(tensor.scalar_type()) + "\",\"shape\":[";
    for (int64_t d = 0; d < tensor.dim(); ++d) {
      if (d > 0) header += ',';
      header += std::to_string(tensor.size(d));
    }
    const uint64_t bytes = tensor.nbytes();
    header += "],\"data_offsets\":[" + std::to_string(offset) + ',' +
              std::to_string(offset + bytes) + "]}";
    offset += bytes;
  }
  header += '}';
  header.append((8 - header.size() % 8) % 8, ' ');
  return header;
}

}  // namespace

TensorMap parse_safetensors(const uint8_t* data, size_t size, const std::string& source_name) {
  const uint64_t header_length = safetensors_header_length(data, size, source_name);
  const SafetensorsHeader header =
      parse_safetensors_header(reinterpret_cast<const char*>(data + 8),
                               static_cast<size_t>(header_length), size, source_name);
  TensorMap tensors;
  for (const auto& entry : header.tensors) {
    at::Tensor tensor = at::empty(entry.shape, at::TensorOptions().dtype(entry.dtype));
    const size_t bytes = static_cast<size_t>(entry.end - entry.begin);
    if (bytes > 0) std::memcpy(tensor.data_ptr(), data + header.data_start + entry.begin, bytes);
    tensors.emplace(entry.name, std::move(tensor));
  }
  return tensors;
}

TensorMap read_safetensors(const fs::path& path) {
  const MappedFile file(path);
  return parse_safetensors(file.data(), file.size(), path.string());
}

std::map<std::string, std::string> read_safetensors_metadata(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open " + path.string());
  std::error_code ec;
  const uint64_t file_size = fs::file_size(path, ec);
  if (ec) throw Error("cannot read " + path.string() + ": " + ec.message());
  uint8_t prefix[8] = {};
  in.read(reinterpret_cast<char*>(prefix), std::min<uint64_t>(8, file_size));
  const uint64_t header_length = safetensors_header_length(prefix, file_size, path.string());
  std::string json_text(static_cast<size_t>(header_length), '\0');
  in.read(json_text.data(), static_cast<std::streamsize>(header_length));
  if (!in) throw Error("cannot read the header of " + path.string() + " (file changed?)");
  return parse_safetensors_header(json_text.data(), json_text.size(), file_size, path.string())
      .metadata;
}

void write_safetensors(const fs::path& path, const TensorMap& tensors,
                       const std::map<std::string, std::string>& metadata) {
  std::vector<std::pair<std::string, at::Tensor>> prepared;
  prepared.reserve(tensors.size());
  for (const auto& [name, tensor] : tensors) {
    if (name == "__metadata__") {
      throw Error("cannot write " + path.string() +
                  ": '__metadata__' is reserved, not a tensor name");
    }
    if (!tensor.defined()) {
      throw Error("cannot write " + path.string() + ": tensor '" + name + "' is undefined");
    }
    if (!safetensors_name_of(tensor.scalar_type())) {
      throw Error("cannot write " + path.string() + ": tensor '" + name + "' has dtype " +
                  std::string(c10::toString(tensor.scalar_type())) +
                  ", which safetensors cannot hold (supported: " + supported_safetensors_names() +
                  ")");
    }
    prepared.emplace_back(name, tensor.cpu().contiguous());
  }
  std::map<std::string, std::string> full_metadata = metadata;
  full_metadata.emplace("format", "pt");
  const std::string header = build_header(prepared, full_metadata, path);

  write_atomic_with(path, [&](const fs::path& tmp) {
    errno = 0;
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot open " + path.string() + " for writing: " + std::strerror(errno));
    uint8_t prefix[8];
    uint64_t length = header.size();
    for (int i = 0; i < 8; ++i)
      prefix[i] = static_cast<uint8_t>(length >> (8 * i));
    out.write(reinterpret_cast<const char*>(prefix), 8);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    for (const auto& [name, tensor] : prepared) {
      out.write(static_cast<const char*>(tensor.data_ptr()),
                static_cast<std::streamsize>(tensor.nbytes()));
    }
    out.flush();
    const int write_error = errno;
    out.close();
    if (!out) {
      throw Error("cannot write " + path.string() + ": " +
                  std::strerror(write_error != 0 ? write_error : (errno != 0 ? errno : EIO)));
    }
  });
}

}  // namespace emoforget::tensor_io
