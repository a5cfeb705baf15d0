// libFuzzer entry for the restricted unpickler alone (no zip around it, so mutations
// are not lost to CRC checks). When a pickle is accepted, the fuzzer also packs it with
// storages of the declared sizes into a torch.save-style zip and loads that through
// parse_pytorch_bin, so every accepted view is materialised under AddressSanitizer.
#include <zip.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "tensor_io/pytorch_bin.h"
#include "tensor_io/restricted_unpickler.h"
#include "tensor_io/tensor_dtype.h"

namespace {

constexpr uint64_t kMaxStorageBytes = 1 << 20;

// Writes `entries` into an in-memory zip and returns its bytes ("" on failure).
std::string make_zip(const std::map<std::string, std::string>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* memory = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_error_fini(&error);
  if (memory == nullptr) return "";
  zip_source_keep(memory);
  zip_t* archive = zip_open_from_source(memory, ZIP_TRUNCATE, nullptr);
  if (archive == nullptr) std::abort();
  for (const auto& [name, bytes] : entries) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    const zip_int64_t index =
        source == nullptr ? -1 : zip_file_add(archive, name.c_str(), source, 0);
    if (index < 0 || zip_set_file_compression(archive, index, ZIP_CM_STORE, 0) != 0) std::abort();
  }
  if (zip_close(archive) != 0) std::abort();
  std::string out;
  if (zip_source_open(memory) == 0) {
    char chunk[4096];
    zip_int64_t got = 0;
    while ((got = zip_source_read(memory, chunk, sizeof(chunk))) > 0)
      out.append(chunk, got);
    zip_source_close(memory);
  }
  zip_source_free(memory);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<emoforget::tensor_io::PickledTensor> tensors;
  try {
    tensors = emoforget::tensor_io::unpickle_state_dict(data, size, "fuzz-input");
  } catch (const emoforget::Error&) {
    return 0;
  }
  std::map<std::string, std::string> entries;
  entries["archive/data.pkl"] = std::string(reinterpret_cast<const char*>(data), size);
  uint64_t total = 0;
  for (const auto& tensor : tensors) {
    if (tensor.sizes.size() != tensor.strides.size() || tensor.storage_offset < 0 ||
        tensor.storage_numel < 0) {
      std::abort();
    }
    const uint64_t bytes = static_cast<uint64_t>(tensor.storage_numel) *
                           emoforget::tensor_io::dtype_element_size(tensor.dtype);
    if (tensor.storage_numel > static_cast<int64_t>(kMaxStorageBytes) ||
        (total += bytes) > kMaxStorageBytes) {
      return 0;
    }
    entries["archive/data/" + tensor.storage_key] = std::string(bytes, '\x01');
  }
  const std::string zip = make_zip(entries);
  try {
    const auto loaded = emoforget::tensor_io::parse_pytorch_bin(
        reinterpret_cast<const uint8_t*>(zip.data()), zip.size(), "fuzz-zip");
    for (const auto& tensor : tensors) {
      if (loaded.at(tensor.name).sizes().vec() != tensor.sizes) std::abort();
    }
  } catch (const emoforget::Error&) {
  }
  return 0;
}
