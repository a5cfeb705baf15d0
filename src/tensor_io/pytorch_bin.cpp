#include "tensor_io/pytorch_bin.h"

#include <ATen/ops/empty.h>
#include <zip.h>

#include <map>
#include <memory>
#include <vector>

#include "common/error.h"
#include "tensor_io/restricted_unpickler.h"
#include "tensor_io/tensor_dtype.h"

namespace emoforget::tensor_io {
namespace fs = std::filesystem;
namespace {

constexpr uint64_t kMaxPickleBytes = 256ull << 20;

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ZipArchive = std::unique_ptr<zip_t, ZipCloser>;
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

std::string zip_error_text(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

// Reads entry `index` (named `name`) into `out`, which must have room for exactly the
// entry's declared size `expected` bytes.
void read_entry(zip_t* archive, zip_uint64_t index, const std::string& name, uint8_t* out,
                uint64_t expected, const std::string& source) {
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive, index, 0));
  if (!file) {
    throw Error("cannot read " + name + " in " + source + ": " + zip_strerror(archive));
  }
  uint64_t done = 0;
  while (done < expected) {
    const zip_int64_t got = zip_fread(file.get(), out + done, expected - done);
    if (got < 0) {
      throw Error("cannot read " + name + " in " + source + ": " +
                  zip_error_strerror(zip_file_get_error(file.get())));
    }
    if (got == 0) break;
    done += static_cast<uint64_t>(got);
  }
  uint8_t extra = 0;
  if (done != expected || zip_fread(file.get(), &extra, 1) != 0) {
    throw Error("cannot read " + name + " in " + source + ": its size differs from the " +
                std::to_string(expected) + " bytes the archive declares (corrupt file?)");
  }
}

// The size of entry `index`. torch.save stores every entry uncompressed; a compressed
// entry is refused, so no declared size can exceed the archive itself (no zip bombs).
uint64_t entry_size(zip_t* archive, zip_uint64_t index, const std::string& name,
                    const std::string& source) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE) ||
      !(stat.valid & ZIP_STAT_COMP_SIZE) || !(stat.valid & ZIP_STAT_COMP_METHOD)) {
    throw Error("cannot read " + name + " in " + source + ": " + zip_strerror(archive));
  }
  if (stat.comp_method != ZIP_CM_STORE) {
    throw Error("cannot read " + name + " in " + source +
                ": it is compressed, but torch.save stores entries uncompressed (re-save the "
                "checkpoint with torch.save)");
  }
  if (stat.size != stat.comp_size) {
    throw Error("cannot read " + name + " in " + source + ": it declares " +
                std::to_string(stat.size) + " bytes but stores " + std::to_string(stat.comp_size) +
                " (corrupt file?)");
  }
  return stat.size;
}

// The folder holding data.pkl (torch names it after the file it saved to).
std::string find_archive_prefix(zip_t* archive, const std::string& source) {
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  std::string prefix;
  bool found = false;
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* raw = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    if (raw == nullptr) continue;
    const std::string name = raw;
    const size_t slash = name.find('/');
    if (slash == std::string::npos || name.compare(slash, std::string::npos, "/data.pkl") != 0) {
      continue;
    }
    if (found) throw Error("cannot read " + source + ": it holds more than one data.pkl");
    prefix = name.substr(0, slash + 1);
    found = true;
  }
  if (!found) {
    throw Error("cannot read " + source +
                ": no <folder>/data.pkl inside; is it a torch.save file (not the legacy format)?");
  }
  return prefix;
}

zip_uint64_t locate(zip_t* archive, const std::string& name, const std::string& what,
                    const std::string& source) {
  const zip_int64_t index = zip_name_locate(archive, name.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0) throw Error("cannot read " + source + ": " + what + " (" + name + ") is missing");
  return static_cast<zip_uint64_t>(index);
}

std::vector<uint8_t> read_small_entry(zip_t* archive, const std::string& name,
                                      const std::string& source) {
  const zip_uint64_t index = locate(archive, name, "the entry", source);
  const uint64_t size = entry_size(archive, index, name, source);
  if (size > kMaxPickleBytes) {
    throw Error("cannot read " + source + ": " + name + " has " + std::to_string(size) +
                " bytes, more than the limit of " + std::to_string(kMaxPickleBytes));
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  read_entry(archive, index, name, bytes.data(), size, source);
  return bytes;
}

at::Tensor read_storage(zip_t* archive, const std::string& prefix, const PickledTensor& tensor,
                        const std::string& source) {
  const std::string name = prefix + "data/" + tensor.storage_key;
  const zip_uint64_t index =
      locate(archive, name, "storage '" + tensor.storage_key + "' of tensor '" + tensor.name + "'",
             source);
  const uint64_t element_size = dtype_element_size(tensor.dtype);
  const uint64_t size = entry_size(archive, index, name, source);
  const uint64_t numel = static_cast<uint64_t>(tensor.storage_numel);
  if (numel > size / element_size || numel * element_size != size) {
    throw Error("cannot read " + source + ": storage '" + tensor.storage_key + "' of tensor '" +
                tensor.name + "' has " + std::to_string(size) + " bytes, but the pickle declares " +
                std::to_string(numel) + " elements of " + std::to_string(element_size) + " bytes");
  }
  at::Tensor storage = at::empty({tensor.storage_numel}, at::TensorOptions().dtype(tensor.dtype));
  read_entry(archive, index, name, static_cast<uint8_t*>(storage.data_ptr()), size, source);
  return storage;
}

TensorMap load_archive(zip_t* archive, const std::string& source) {
  const std::string prefix = find_archive_prefix(archive, source);
  if (zip_name_locate(archive, (prefix + "byteorder").c_str(), ZIP_FL_ENC_RAW) >= 0) {
    const std::vector<uint8_t> order = read_small_entry(archive, prefix + "byteorder", source);
    if (std::string(order.begin(), order.end()) != "little") {
      throw Error("cannot read " + source + ": only little-endian checkpoints are supported");
    }
  }
  const std::vector<uint8_t> pickle = read_small_entry(archive, prefix + "data.pkl", source);
  const std::vector<PickledTensor> entries =
      unpickle_state_dict(pickle.data(), pickle.size(), source);

  // Storages are read once, shared by their views, and released after their last use.
  std::map<std::string, int> uses;
  for (const auto& entry : entries)
    ++uses[entry.storage_key];
  std::map<std::string, at::Tensor> storages;
  TensorMap tensors;
  for (const auto& entry : entries) {
    auto cached = storages.find(entry.storage_key);
    if (cached == storages.end()) {
      cached =
          storages.emplace(entry.storage_key, read_storage(archive, prefix, entry, source)).first;
    }
    at::Tensor view = cached->second.as_strided(entry.sizes, entry.strides, entry.storage_offset);
    const bool whole =
        entry.storage_offset == 0 && view.is_contiguous() && view.numel() == cached->second.numel();
    if (--uses[entry.storage_key] == 0) {
      storages.erase(cached);
      tensors.emplace(entry.name, whole ? view : view.clone(at::MemoryFormat::Contiguous));
    } else {
      tensors.emplace(entry.name, view.clone(at::MemoryFormat::Contiguous));
    }
  }
  return tensors;
}

}  // namespace

TensorMap read_pytorch_bin(const fs::path& path) {
  int code = 0;
  ZipArchive archive(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
  if (!archive) {
    throw Error("cannot open " + path.string() +
                " as a torch.save zip archive: " + zip_error_text(code));
  }
  return load_archive(archive.get(), path.string());
}

TensorMap parse_pytorch_bin(const uint8_t* data, size_t size, const std::string& source_name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(data, size, 0, &error);
  if (buffer == nullptr) {
    const std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Error("cannot open " + source_name + ": " + text);
  }
  ZipArchive archive(zip_open_from_source(buffer, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!archive) {
    zip_source_free(buffer);
    const std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Error("cannot open " + source_name + " as a torch.save zip archive: " + text);
  }
  zip_error_fini(&error);
  return load_archive(archive.get(), source_name);
}

}  // namespace emoforget::tensor_io
