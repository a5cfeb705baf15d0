// Flags registered once for every command: the shared run options (device,
// precision, batch, clip length, seed) and comma-separated list flags, so that
// commands cannot drift apart in names, help or checks.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "train/run_options.h"

namespace emoforget::cli {

// Which of the run options a command takes.
enum RunFlag : unsigned {
  kDeviceFlags = 1,  // --device, --bf16
  kBatchFlag = 2,    // --batch
  kClipFlag = 4,     // --max-seconds
  kSeedFlag = 8,     // --seed
  kAllRunFlags = kDeviceFlags | kBatchFlag | kClipFlag | kSeedFlag,
};

// Help texts (and the batch flag's name) where a command says more than the default.
struct RunFlagText {
  std::string batch_flag = "--batch";
  std::string batch = "Clips per forward pass";
  std::string max_seconds = "Crop or zero-pad every clip to this length (seconds)";
  std::string seed = "Seed of every random choice";
};

// --max-seconds of the commands that score a trained model (forget, audit, evaluate).
inline const char* const kModelClipHelp =
    "Crop or zero-pad every clip to this length (seconds; 0 = as the model was trained, from "
    "its report.json, else 3)";

void add_run_flags(CLI::App* app, train::RunOptions& run, unsigned flags = kAllRunFlags,
                   const RunFlagText& text = {});

// A comma-separated list flag (common/comma_list.h: "" = empty list, "a,,b" an error).
// The list's current value is the default --help shows.
void add_list_flag(CLI::App* app, const std::string& name, std::vector<std::string>& target,
                   const std::string& help);
void add_list_flag(CLI::App* app, const std::string& name, std::vector<int64_t>& target,
                   const std::string& help);
void add_list_flag(CLI::App* app, const std::string& name, std::vector<double>& target,
                   const std::string& help);
// Seeds: whole numbers >= 0.
void add_seed_list_flag(CLI::App* app, const std::string& name, std::vector<uint64_t>& target,
                        const std::string& help);

}  // namespace emoforget::cli
