#include "lineage/model_hash.h"

#include "common/error.h"
#include "common/sha256.h"

namespace emoforget::lineage {
namespace fs = std::filesystem;

std::string model_content_hash(const fs::path& model_dir) {
  fs::path weights;
  for (const char* name : {"model.safetensors", "pytorch_model.bin"}) {
    if (fs::exists(model_dir / name)) {
      weights = model_dir / name;
      break;
    }
  }
  if (!fs::exists(model_dir / "config.json") || weights.empty())
    throw Error(model_dir.string() +
                ": cannot hash the model: it needs config.json and model.safetensors or "
                "pytorch_model.bin");
  Sha256 hash;
  for (const fs::path& file : {model_dir / "config.json", weights}) {
    const std::string name = file.filename().string();
    const uint64_t size = fs::file_size(file);
    hash.add(name).add("\n").add(std::to_string(size)).add("\n");
    hash.add_file(file);
  }
  return "sha256:" + to_hex(hash.finish());
}

}  // namespace emoforget::lineage
