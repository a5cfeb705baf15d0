// What the fault tests share: a tone corpus and a mini model to run the CLI on, and the
// checks every fault must pass (an output folder absent or complete, inputs untouched,
// no temporary or lock left beside an output once a later run has finished).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace emoforget::testing {

struct FaultCorpus {
  TempDir dir;
  std::filesystem::path manifest;
  std::filesystem::path init;  // a mini model, the starting point of fine-tunings

  FaultCorpus();
};

// Relative path -> sha256 of every file under `dir` (a file: its own digest under "").
std::map<std::string, std::string> file_digests(const std::filesystem::path& dir);

// Whether `dir` is a complete model folder: config.json, model.safetensors and a report
// that parses, and the weights load.
bool complete_model_dir(const std::filesystem::path& dir);

// Hidden temporaries, previous versions and lock files beside outputs in `parent`.
std::vector<std::string> leftovers(const std::filesystem::path& parent);

// `count` moments in (0.02, 0.9) x `seconds`, drawn from `seed`, for kills.
std::vector<double> kill_moments(uint32_t seed, int count, double seconds);

// Whether the two files hold the same bytes.
bool same_bytes(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace emoforget::testing
