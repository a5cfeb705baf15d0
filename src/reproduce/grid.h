// The runs of a reproduction and where each keeps its report: one fine-tuning per
// setting and seed (reused by every unlearning run of that setting and seed), then
// one unlearning run per N x method (x tau for the proposed methods).
//
//   <out>/runs/<setting>/seed<s>/finetune/                 model + report.json
//   <out>/runs/<setting>/seed<s>/n<N>-<method>[-tau<t>]/   report.json
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "reproduce/config.h"

namespace emoforget::reproduce {

struct RunSpec {
  bool finetune = false;  // the fine-tuning of a setting and seed, else an unlearning run
  Setting setting;
  uint64_t seed = 0;
  std::string method;  // unlearning runs
  int64_t n = 0;
  double tau = 0.0;  // proposed methods; 0 for the others
  // trainval-test runs of the proposed methods: tau is chosen at run time on the
  // train-val validation UAR (select_tau) and `tau` is unset until then.
  bool tau_from_validation = false;

  // "train-val seed 0 N=10 adv tau=0.3", for logs.
  std::string label() const;
};

// All runs of the grid, in run order: settings (train-val first), seeds, then the
// fine-tuning followed by N x method x tau.
std::vector<RunSpec> plan_runs(const ReproduceConfig& config);

std::filesystem::path finetune_dir(const std::filesystem::path& out, const Setting& setting,
                                   uint64_t seed);
// The starting weights a --preset fine-tuning saves for the retrained reference.
std::filesystem::path init_dir(const std::filesystem::path& out, const Setting& setting,
                               uint64_t seed);
// Needs a resolved tau for the proposed methods.
std::filesystem::path run_dir(const std::filesystem::path& out, const RunSpec& spec);

// tau as written in names and tables: "0.3", "0.25".
std::string format_tau(double tau);

}  // namespace emoforget::reproduce
