// Command lines of `emoforget` jobs that the demo and the benchmark run side by
// side (common/side_by_side.h): each unlearning run and each audit is a process of
// its own with its own thread count and log.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "common/side_by_side.h"
#include "train/run_options.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::reproduce {

struct JobContext {
  std::filesystem::path executable;  // the emoforget binary
  int threads = 1;                   // --threads of every job
  std::filesystem::path manifest;
  std::filesystem::path logs;  // folder of the jobs' logs
  train::RunOptions run;       // device, seed; batch and clip length (0 = the command's default)
  bool overwrite = false;      // forget jobs replace what a killed job of theirs left
};

// `forget --method METHOD` of `model` into `out` with every unlearning setting spelled out.
SideJob forget_job(const JobContext& context, const std::string& method,
                   const std::filesystem::path& model, const std::filesystem::path& forget_file,
                   const std::filesystem::path& out, const unlearn::MethodSettings& settings,
                   const std::filesystem::path& pgd_cache, const std::filesystem::path& init,
                   const std::string& log_name);

// `audit` of `unlearned` against `original` (and `reference`, when not empty); the
// report goes to `report`.
SideJob audit_job(const JobContext& context, const std::filesystem::path& original,
                  const std::filesystem::path& unlearned, const std::filesystem::path& reference,
                  const std::filesystem::path& forget_file, const std::filesystem::path& report,
                  const std::string& log_name);

// A JSON file a job wrote (a report, an audit); throws naming the file when it is absent.
nlohmann::json read_job_json(const std::filesystem::path& path);

// A double as a flag value that parses back to the same number.
std::string flag_number(double value);

}  // namespace emoforget::reproduce
