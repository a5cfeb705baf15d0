// Test helpers that hand-assemble pickle byte strings (protocol 2, the opcodes torch.save
// uses) and torch.save-style zip archives, to feed the restricted unpickler good and bad input.
#pragma once

#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace emoforget::tensor_io::testing {

inline std::string pickle_str(const std::string& text) {
  std::string out = "X";
  const uint32_t length = static_cast<uint32_t>(text.size());
  for (int i = 0; i < 4; ++i)
    out += static_cast<char>(length >> (8 * i));
  return out + text;
}

inline std::string pickle_int(int64_t value) {
  if (value >= 0 && value < 256) return std::string("K") + static_cast<char>(value);
  std::string out = "\x8a\x08";
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>(static_cast<uint64_t>(value) >> (8 * i));
  return out;
}

inline std::string pickle_int_tuple(const std::vector<int64_t>& values) {
  std::string out = "(";
  for (const int64_t value : values)
    out += pickle_int(value);
  return out + "t";
}

struct TensorSpec {
  std::string storage_class = "FloatStorage";
  std::string key = "0";
  int64_t storage_numel = 4;
  int64_t offset = 0;
  std::vector<int64_t> sizes = {4};
  std::vector<int64_t> strides = {1};
};

// _rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict()).
inline std::string pickle_tensor(const TensorSpec& spec) {
  return "ctorch._utils\n_rebuild_tensor_v2\n((" + pickle_str("storage") + "ctorch\n" +
         spec.storage_class + "\n" + pickle_str(spec.key) + pickle_str("cpu") +
         pickle_int(spec.storage_numel) + "tQ" + pickle_int(spec.offset) +
         pickle_int_tuple(spec.sizes) + pickle_int_tuple(spec.strides) +
         "\x89"
         "ccollections\nOrderedDict\n)Rt"
         "R";
}

// A protocol-2 pickle of the dict {name: tensor, ...} in the given order.
inline std::string pickle_state_dict(const std::vector<std::pair<std::string, TensorSpec>>& items) {
  std::string out = "\x80\x02}(";
  for (const auto& [name, spec] : items)
    out += pickle_str(name) + pickle_tensor(spec);
  return out + "u.";
}

// Writes a zip holding `entries` (name -> bytes) to `path`, stored uncompressed as
// torch.save does unless `compression` says otherwise.
inline void write_zip(const std::filesystem::path& path,
                      const std::map<std::string, std::string>& entries,
                      zip_int32_t compression = ZIP_CM_STORE) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("cannot create " + path.string());
  for (const auto& [name, bytes] : entries) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    const zip_int64_t index =
        source == nullptr ? -1 : zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) zip_source_free(source);  // the archive owns it only once added
    if (index < 0 ||
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), compression, 0) != 0) {
      zip_discard(archive);
      throw std::runtime_error("cannot add " + name + " to " + path.string());
    }
  }
  if (zip_close(archive) != 0) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace emoforget::tensor_io::testing
