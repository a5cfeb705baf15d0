// `emoforget audit`: evidence that unlearning worked. Scores the original model, the
// unlearned model and (optionally) a reference retrained without the forget set on
// the forget set and on held-out splits (UAR, WA), runs two membership-inference
// attacks (loss-threshold AUC forget vs unseen; MIA-efficacy of an attack fitted on
// the original model's members vs non-members), reports the unlearned model's gap to
// the reference and one-tailed two-proportion z-tests on the held-out splits.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "metrics/attack_classifier.h"
#include "train/run_options.h"

namespace emoforget::audit {

// Significance threshold of the paper's stars (one-tailed z-test).
constexpr double kStarPValue = 0.001;

struct AuditConfig {
  std::filesystem::path original;   // the trained model f
  std::filesystem::path unlearned;  // f after unlearning
  std::filesystem::path reference;  // optional: retrained on the remain set only
  std::filesystem::path manifest;
  std::filesystem::path forget_file;  // the forget set D_e (utt_ids or paths); audio must exist
  std::vector<std::string> held_out;  // unseen splits; empty = test if present, else val
  std::vector<std::string> member_splits{"train"};  // what `original` was trained on
  train::RunOptions run;  // its seed: the member/non-member subsample and attack weights
  metrics::AttackClassifierConfig attack;  // its seed is derived from `seed`

  void validate() const;
  nlohmann::json to_json() const;
};

// Runs the audit; every audio set is decoded once and each model runs once per set.
// Throws (naming the file) when a forget utterance's audio is missing.
nlohmann::json run_audit(const AuditConfig& config);

// A short Markdown summary of a run_audit() report: a table model x (forget UAR,
// held-out UAR, MIA AUC, MIA-efficacy), the gap to the reference and the z-tests.
std::string audit_markdown(const nlohmann::json& report);

}  // namespace emoforget::audit
