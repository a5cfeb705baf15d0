// libFuzzer entry for the safetensors reader: any input must load or throw
// emoforget::Error; a loaded file must account for exactly its data section.
#include <cstdint>
#include <cstdlib>

#include "common/error.h"
#include "tensor_io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto tensors = emoforget::tensor_io::parse_safetensors(data, size, "fuzz-input");
    size_t bytes = 0;
    for (const auto& [name, tensor] : tensors) {
      if (!tensor.is_contiguous()) std::abort();
      bytes += tensor.nbytes();
    }
    if (bytes > size) std::abort();
  } catch (const emoforget::Error&) {
  }
  return 0;
}
