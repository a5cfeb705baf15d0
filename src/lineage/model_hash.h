// The content hash of a model folder: SHA-256 over its config.json and its weights
// file (model.safetensors or pytorch_model.bin), each named and length-prefixed.
// Reports and history name models by it, so a changed or swapped model shows.
#pragma once

#include <filesystem>
#include <string>

namespace emoforget::lineage {

// "sha256:" + 64 hex digits. Throws naming the folder when config.json or the
// weights are missing.
std::string model_content_hash(const std::filesystem::path& model_dir);

}  // namespace emoforget::lineage
