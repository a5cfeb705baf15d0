// `emoforget benchmark`: the unlearning field's protocol on one fine-tuned model.
// For each seed, two deletion requests — N random training utterances, and every
// training utterance of one speaker (drawn by the seed) — are carried out with every
// method; each result is audited against the retrained reference of that request
// (UA, RA, TA, MIA-efficacy, average gap to retrain, GUM, time, speed-up), and the
// figures are summarised per request kind and method as mean ± 95 % t-interval over
// the seeds. Writes benchmark.json, benchmark.md and benchmark-gap.png (+ .csv, .gp).
// Runs, audits and retraining go side by side as `emoforget` jobs; --resume reuses the
// finished ones of an earlier call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reproduce/job_commands.h"
#include "train/model_report.h"
#include "unlearn/method_info.h"
#include "unlearn/method_pgd_defaults.h"
#include "unlearn/method_spec.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::reproduce {

struct BenchmarkConfig {
  std::filesystem::path model;  // the fine-tuned model (its report.json holds the recipe)
  std::filesystem::path init;   // the weights it was fine-tuned from (for the retrained reference)
  std::filesystem::path manifest;
  std::filesystem::path out;
  std::vector<std::string> methods =
      unlearn::utterance_method_names();  // must include the reference
  std::vector<std::string> requests{"random", "speaker"};
  int64_t random_n = 10;
  int sequential = 0;  // > 0: that many requests in a row per seed (reproduce/sequential.h)
  std::vector<uint64_t> seeds{0};
  unlearn::MethodSettings unlearn;
  // M and P the command line named: every method attacks with them; otherwise a method
  // with its own (the recommended one) attacks with its own.
  unlearn::NamedPgdSettings named_pgd;
  train::RunOptions run = train::model_clip_run_options();
  std::filesystem::path executable;  // the emoforget binary of the jobs
  int lanes = 2;
  int threads = 0;  // per job; 0 = cores / lanes
  bool overwrite = false;
  // Go on with an earlier benchmark in `out`: the runs it finished are read back
  // (benchmark_resume.h: one made from another model, forget set or settings is an
  // error), and their audits unless the request's reference is retrained again; the
  // rest run, so methods added to `methods` run against the references there.
  bool resume = false;

  void validate() const;
  nlohmann::json to_json() const;
  int job_threads() const;
};

// Runs the benchmark; returns benchmark.json's content. `markdown` receives benchmark.md.
// With `sequential` > 0 it runs the sequential mode instead (sequential.json/.md).
nlohmann::json run_benchmark(const BenchmarkConfig& config, std::string& markdown);

// The settings `spec` runs with: the benchmark's, its variant keys, and its method's own M
// and P unless named.
unlearn::MethodSettings method_run_settings(const BenchmarkConfig& config,
                                            const unlearn::MethodSpec& spec);

// The jobs' shared command-line context (binary, threads, manifest, run options).
JobContext benchmark_job_context(const BenchmarkConfig& config);
// Empties `out` under --overwrite and creates it (kept as it is under --resume).
void prepare_benchmark_out(const BenchmarkConfig& config);

// One audited run reduced to the protocol's figures.
struct BenchmarkRecord {
  std::string request;  // random | speaker
  uint64_t seed = 0;
  std::string method;
  double ua = 0, ra = 0, ta = 0, ta_f1 = 0, mia_efficacy = 0, avg_gap = 0, seconds = 0;
  double gum = -1;      // -1 where it is not defined (the reference itself)
  double speedup = -1;  // -1 where unknown
};

// From an audit report (audit.json) of `method`.
BenchmarkRecord benchmark_record(const nlohmann::json& audit, const std::string& request,
                                 uint64_t seed, const std::string& method);

// The Markdown summary: per request kind a table of methods x figures, mean ± CI.
std::string benchmark_markdown(const std::vector<BenchmarkRecord>& records,
                               const std::vector<uint64_t>& seeds,
                               const std::vector<std::string>& methods,
                               const std::vector<std::string>& requests);

}  // namespace emoforget::reproduce
