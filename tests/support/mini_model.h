// A Wav2Vec2 classifier far smaller than the tiny preset, for fast tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/config.h"

namespace emoforget::testing {

model::ModelConfig mini_model_config(const std::vector<std::string>& labels);

// Saves a randomly initialised mini model (seeded) as a Hugging Face directory.
std::filesystem::path write_mini_model(const std::filesystem::path& dir,
                                       const std::vector<std::string>& labels, uint64_t seed = 5);

}  // namespace emoforget::testing
