// One finished run of the reproduction grid reduced to what Table 1 and Fig. 2
// need (forget-set and held-out scores), read from its report.json, and the
// mean +- standard deviation over seeds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace emoforget::reproduce {

// Method name of the fine-tuned model's rows (it is no unlearning method).
inline const std::string kFinetuneMethod = "finetune";

struct RunRecord {
  std::string setting;  // train-val | trainval-test
  uint64_t seed = 0;
  std::string method;       // kFinetuneMethod or an unlearning method
  int64_t n = 0;            // forget-set size; 0 for the fine-tuned model
  double tau = 0.0;         // PGD radius; 0 where the method has none
  double forget_uar = 0.0;  // UAR on D_e after unlearning (NaN for the fine-tuned model)
  double held_out_uar = 0.0;
  double held_out_wa = 0.0;
  int64_t held_out_n = 0;
  double seconds = 0.0;            // the run's own wall time (its report's timings.wall_seconds)
  double pgd_seconds = 0.0;        // the part of it PGD took (timings.pgd_seconds; 0 without PGD)
  bool attack_from_cache = false;  // its adversarial set was read from the PGD cache
  // The field's figures from its audit against the retrained reference of the same
  // setting, seed and N (reproduce audits every run when --methods has the reference).
  bool audited = false;
  double remain_uar = 0.0;  // RA
  double held_out_f1 = 0.0;
  double mia_efficacy = 0.0;
  double avg_gap_to_retrain = 0.0;
  double gum = -1.0;  // -1 for the reference itself

  // Correct held-out predictions, WA x n rounded (the z-test's counts).
  int64_t held_out_correct() const;
};

// From an unlearning report ("after": {"forget": {...}, "<held_out>": {...}}).
RunRecord record_from_unlearn_report(const nlohmann::json& report, const std::string& setting,
                                     const std::string& held_out, uint64_t seed, int64_t n,
                                     double tau);
// From a fine-tuning report ("final": {"<held_out>": {...}}).
RunRecord record_from_finetune_report(const nlohmann::json& report, const std::string& setting,
                                      const std::string& held_out, uint64_t seed);

struct MeanStd {
  double mean = 0.0;
  double std = 0.0;   // sample standard deviation (n - 1); 0 for a single value
  double ci95 = 0.0;  // half width of the 95 % Student-t interval of the mean; 0 for one value
  int count = 0;
};

MeanStd mean_std(const std::vector<double>& values);

// "mean ± ci95" to three decimals ("mean" for one value, "n/a" for none).
std::string mean_ci_text(const std::vector<double>& values);

// Adds the figures of an audit report (audit.json) to `record`.
void add_audit_figures(const nlohmann::json& audit, bool is_reference, RunRecord& record);

}  // namespace emoforget::reproduce
