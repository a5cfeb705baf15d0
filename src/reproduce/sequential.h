// `benchmark --sequential R`: deletion requests arriving one after another. For each
// seed and request kind, R disjoint requests (N random utterances, or one speaker
// each) are carried out in a row, every method on its own chain (request r runs on
// that method's model after request r-1). After each request the model is audited on
// the new request against the retrained reference, and scored on every earlier
// forget set, to see whether those stay forgotten.
//
// The reference is one model per seed and kind, retrained without the union of all
// R requests: the state a model that never saw any of them reaches, against which
// each step is compared. (Retraining after every step would cost R retrains; the
// sets differ from the union by at most ·N utterances of the training set.)
//
// Writes sequential.json, sequential.md and per kind and method sequential-KIND-METHOD
// .png (+ .csv, .gp): held-out UAR and each forget set's UAR over the requests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reproduce/benchmark.h"

namespace emoforget::reproduce {

// One method after request `step` (1-based) of a seed's sequence.
struct SequentialRecord {
  std::string request;  // random | speaker
  uint64_t seed = 0;
  std::string method;
  int step = 0;
  double ta = 0, ra = 0, mia_efficacy = 0, avg_gap = 0, seconds = 0;
  std::vector<double> forget_uar;     // UAR on forget sets 1..step (the last: this request's)
  std::vector<double> reference_uar;  // the retrained reference's UAR on the same sets
  double original_ta = 0;             // the fine-tuned model's held-out UAR
  double reference_ta = 0;

  // Earlier sets (1..step-1) whose UAR is above the reference's on them.
  int climbed_back() const;
};

nlohmann::json run_sequential(const BenchmarkConfig& config, std::string& markdown);

// The Markdown summary: per kind and method, one row per request, mean ± CI over seeds.
std::string sequential_markdown(const std::vector<SequentialRecord>& records,
                                const BenchmarkConfig& config);

nlohmann::json sequential_record_json(const SequentialRecord& record);

}  // namespace emoforget::reproduce
