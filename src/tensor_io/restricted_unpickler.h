// A restricted pickle reader for the data.pkl of a torch.save archive. It implements
// only the opcodes a state dict uses (protocols 2 to 4) and only the globals that build
// tensors and dict containers: collections.OrderedDict, torch._utils._rebuild_tensor_v2,
// torch._utils._rebuild_parameter and the typed storage classes (torch.FloatStorage, ...).
// Any other global (os.system, builtins.eval, ...) is refused before anything runs, so
// loading a file never executes code from it. Every read, memo index and stack access
// is bounds-checked; the tensor views are checked against their storage sizes.
#pragma once

#include <c10/core/ScalarType.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace emoforget::tensor_io {

// One entry of the unpickled state dict: a strided view into a storage that the
// archive holds as <top>/data/<storage_key>.
struct PickledTensor {
  std::string name;
  std::string storage_key;
  c10::ScalarType dtype = c10::ScalarType::Float;
  int64_t storage_numel = 0;  // elements in the whole storage
  int64_t storage_offset = 0;
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
};

// Runs `pickle` and returns the tensors of the flat {name: tensor} dict it builds, in
// the dict's order. Throws emoforget::Error naming `source` (and the byte offset or
// the tensor) for a refused global, an unsupported opcode or malformed data.
std::vector<PickledTensor> unpickle_state_dict(const uint8_t* pickle, size_t size,
                                               const std::string& source);

}  // namespace emoforget::tensor_io
