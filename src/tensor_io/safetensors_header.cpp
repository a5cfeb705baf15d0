#include "tensor_io/safetensors_header.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "tensor_io/tensor_dtype.h"

namespace emoforget::tensor_io {
namespace {

using nlohmann::json;

constexpr int kMaxJsonDepth = 3;  // root object > tensor object > shape/offsets array
constexpr uint64_t kMaxElementCount = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw Error("invalid safetensors file " + source + ": " + what);
}

[[noreturn]] void fail_tensor(const std::string& source, const std::string& tensor,
                              const std::string& what) {
  fail(source, "tensor '" + tensor + "' " + what);
}

// Parses with a callback that rejects repeated keys and needless nesting, which
// nlohmann::json would otherwise accept silently (last key wins).
json parse_json(const char* text, size_t size, const std::string& source) {
  std::vector<std::set<std::string>> open_objects;
  int depth = 0;
  auto callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (++depth > kMaxJsonDepth) {
          fail(source, "header JSON nests deeper than " + std::to_string(kMaxJsonDepth) +
                           " levels; expected {name: {dtype, shape, data_offsets}}");
        }
        if (event == json::parse_event_t::object_start) open_objects.emplace_back();
        break;
      case json::parse_event_t::object_end:
        --depth;
        open_objects.pop_back();
        break;
      case json::parse_event_t::array_end:
        --depth;
        break;
      case json::parse_event_t::key: {
        const std::string& key = parsed.get_ref<const std::string&>();
        if (!open_objects.back().insert(key).second) {
          fail(source, "header JSON repeats the key '" + key + "'");
        }
        break;
      }
      case json::parse_event_t::value:
        break;
    }
    return true;
  };
  try {
    return json::parse(text, text + size, callback);
  } catch (const json::exception& e) {
    fail(source, std::string("header is not valid JSON: ") + e.what());
  }
}

uint64_t to_u64(const json& value, const std::string& source, const std::string& tensor,
                const std::string& field) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer()) {
    fail_tensor(source, tensor, "has a negative " + field + " " + value.dump());
  }
  fail_tensor(source, tensor, "has a non-integer " + field + " " + value.dump());
}

std::map<std::string, std::string> parse_metadata(const json& value, const std::string& source) {
  if (!value.is_object()) {
    fail(source,
         "\"__metadata__\" must be an object of strings, found " + std::string(value.type_name()));
  }
  std::map<std::string, std::string> metadata;
  for (const auto& [key, item] : value.items()) {
    if (!item.is_string()) {
      fail(source, "\"__metadata__\" entry '" + key + "' must be a string, found " +
                       std::string(item.type_name()));
    }
    metadata[key] = item.get<std::string>();
  }
  return metadata;
}

SafetensorsEntry parse_entry(const std::string& name, const json& info, uint64_t data_size,
                             const std::string& source) {
  if (!info.is_object()) {
    fail_tensor(
        source, name,
        "must be an object {dtype, shape, data_offsets}, found " + std::string(info.type_name()));
  }
  for (const auto& [key, unused] : info.items()) {
    if (key != "dtype" && key != "shape" && key != "data_offsets") {
      fail_tensor(source, name,
                  "has the unknown field '" + key + "' (expected only dtype, shape, data_offsets)");
    }
  }
  for (const char* field : {"dtype", "shape", "data_offsets"}) {
    if (!info.contains(field))
      fail_tensor(source, name, "lacks the field '" + std::string(field) + "'");
  }
  SafetensorsEntry entry;
  entry.name = name;

  const json& dtype = info["dtype"];
  if (!dtype.is_string())
    fail_tensor(source, name, "has a dtype that is not a string: " + dtype.dump());
  const auto type = dtype_from_safetensors_name(dtype.get<std::string>());
  if (!type) {
    fail_tensor(source, name,
                "has the unknown dtype " + dtype.dump() +
                    " (supported: " + supported_safetensors_names() + ")");
  }
  entry.dtype = *type;

  const json& shape = info["shape"];
  if (!shape.is_array())
    fail_tensor(source, name, "has a shape that is not an array: " + shape.dump());
  uint64_t count = 1;
  for (const json& dim : shape) {
    const uint64_t extent = to_u64(dim, source, name, "shape entry");
    if (extent > kMaxElementCount || (extent != 0 && count > kMaxElementCount / extent)) {
      fail_tensor(source, name, "has a shape " + shape.dump() + " whose element count overflows");
    }
    count *= extent;
    entry.shape.push_back(static_cast<int64_t>(extent));
  }
  const uint64_t element_size = dtype_element_size(entry.dtype);
  if (count > kMaxElementCount / element_size) {
    fail_tensor(source, name, "has a shape " + shape.dump() + " whose byte count overflows");
  }
  const uint64_t byte_count = count * element_size;

  const json& offsets = info["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2) {
    fail_tensor(source, name, "has data_offsets " + offsets.dump() + "; expected [begin, end]");
  }
  entry.begin = to_u64(offsets[0], source, name, "data offset");
  entry.end = to_u64(offsets[1], source, name, "data offset");
  const std::string range =
      "[" + std::to_string(entry.begin) + ", " + std::to_string(entry.end) + "]";
  if (entry.begin > entry.end) {
    fail_tensor(source, name, "has data_offsets " + range + " with begin > end");
  }
  if (entry.end > data_size) {
    fail_tensor(source, name,
                "has data_offsets " + range + " outside the data section of " +
                    std::to_string(data_size) + " bytes (file truncated?)");
  }
  if (entry.end - entry.begin != byte_count) {
    fail_tensor(source, name,
                "has data_offsets " + range + " spanning " +
                    std::to_string(entry.end - entry.begin) + " bytes, but dtype " +
                    dtype.get<std::string>() + " and shape " + shape.dump() + " need " +
                    std::to_string(byte_count));
  }
  return entry;
}

// Tensors must tile the data section: sorted by offset, each starts where the previous ends.
void check_layout(std::vector<SafetensorsEntry>& tensors, uint64_t data_size,
                  const std::string& source) {
  std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t covered = 0;
  const SafetensorsEntry* previous = nullptr;
  for (const auto& entry : tensors) {
    if (entry.begin < covered) {
      fail_tensor(source, entry.name,
                  "overlaps tensor '" + previous->name + "' (bytes " + std::to_string(entry.begin) +
                      ".." + std::to_string(covered) + " of the data section)");
    }
    if (entry.begin > covered) {
      fail_tensor(source, entry.name,
                  "starts at byte " + std::to_string(entry.begin) +
                      " but the previous tensor ends at " + std::to_string(covered) +
                      "; gaps in the data section are not allowed");
    }
    covered = entry.end;
    previous = &entry;
  }
  if (covered != data_size) {
    fail(source, "the data section has " + std::to_string(data_size - covered) +
                     " trailing bytes not covered by any tensor (" + std::to_string(data_size) +
                     " bytes, tensors end at " + std::to_string(covered) + ")");
  }
}

}  // namespace

uint64_t safetensors_header_length(const uint8_t* prefix, uint64_t file_size,
                                   const std::string& source) {
  if (file_size < 8) {
    fail(source, "the file has " + std::to_string(file_size) +
                     " bytes, fewer than the 8-byte header length (truncated?)");
  }
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i)
    length = (length << 8) | prefix[i];
  if (length > kMaxSafetensorsHeaderBytes) {
    fail(source, "the header length " + std::to_string(length) + " exceeds the limit of " +
                     std::to_string(kMaxSafetensorsHeaderBytes) + " bytes");
  }
  if (length > file_size - 8) {
    fail(source, "the header length " + std::to_string(length) + " exceeds the " +
                     std::to_string(file_size - 8) +
                     " bytes after the length prefix (truncated file?)");
  }
  return length;
}

SafetensorsHeader parse_safetensors_header(const char* json_text, size_t json_size,
                                           uint64_t file_size, const std::string& source) {
  // nlohmann::json stops at a NUL byte and would ignore what follows it.
  if (std::memchr(json_text, '\0', json_size) != nullptr) {
    fail(source,
         "the header contains a NUL byte at offset " +
             std::to_string(static_cast<const char*>(std::memchr(json_text, '\0', json_size)) -
                            json_text));
  }
  const json root = parse_json(json_text, json_size, source);
  if (!root.is_object()) {
    fail(source, "the header must be a JSON object, found " + std::string(root.type_name()));
  }
  SafetensorsHeader header;
  header.data_start = 8 + static_cast<uint64_t>(json_size);
  if (file_size < header.data_start) {
    fail(source, "the header ends at byte " + std::to_string(header.data_start) +
                     ", past the end of the file (" + std::to_string(file_size) + " bytes)");
  }
  const uint64_t data_size = file_size - header.data_start;
  for (const auto& [name, info] : root.items()) {
    if (name == "__metadata__") {
      header.metadata = parse_metadata(info, source);
    } else {
      header.tensors.push_back(parse_entry(name, info, data_size, source));
    }
  }
  check_layout(header.tensors, data_size, source);
  return header;
}

}  // namespace emoforget::tensor_io
