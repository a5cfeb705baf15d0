// libFuzzer entry for the torch.save zip reader (archive read from memory through
// libzip): any input must load or throw emoforget::Error.
#include <cstdint>
#include <cstdlib>

#include "common/error.h"
#include "tensor_io/pytorch_bin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto tensors = emoforget::tensor_io::parse_pytorch_bin(data, size, "fuzz-input");
    for (const auto& [name, tensor] : tensors) {
      if (!tensor.is_contiguous()) std::abort();
    }
  } catch (const emoforget::Error&) {
  }
  return 0;
}
