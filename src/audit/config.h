// Configuration of `emoforget audit`: the models compared, the forget set, the
// held-out and member splits, and the paper's significance threshold.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "metrics/attack_classifier.h"
#include "train/model_report.h"

namespace emoforget::audit {

// Significance threshold of the paper's stars (one-tailed z-test).
constexpr double kStarPValue = 0.001;

struct AuditConfig {
  std::filesystem::path original;   // the trained model f
  std::filesystem::path unlearned;  // f after unlearning
  std::filesystem::path reference;  // optional: retrained on the remain set only
  std::filesystem::path manifest;
  // The forget set D_e (utt_ids or paths; audio must exist). Empty: the utterances the
  // unlearned model's record hashed, found with `key` (forget_identity.h).
  std::filesystem::path forget_file;
  std::filesystem::path key;          // "" = lineage::default_key_path() when it exists
  std::vector<std::string> held_out;  // unseen splits; empty = test if present, else val
  std::vector<std::string> member_splits{"train"};  // what `original` was trained on
  // Its seed: the member/non-member subsample and the attack's weights; clip length 0 =
  // the original model's.
  train::RunOptions run = train::model_clip_run_options();
  metrics::AttackClassifierConfig attack;  // its seed is derived from `seed`
  std::filesystem::path html;              // optional: the certificate page (certificate.h)
  std::filesystem::path markdown;          // optional: the certificate as Markdown (+ SVG files)
  bool relearn = false;  // run the relearning probe (relearn.h) on unlearned and reference
  // A manifest column (gender) whose linear probe on each model's pooled embedding of
  // held-out speakers is reported (attribute_evidence.h); "" = the attribute the
  // unlearned model's request removed, if any.
  std::string probe_attribute;

  void validate() const;
  nlohmann::json to_json() const;
};

}  // namespace emoforget::audit
