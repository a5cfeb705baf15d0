// The paper's Table 1: forget-set (D_e) and held-out UAR per method, forget-set
// size N and setting, at the tau chosen on validation, mean +- 95 % t-interval over
// seeds, with stars where the best proposed method (Adv. or Adv.+Ela.) beats Ran.
// Lab.: a one-tailed two-proportion z-test on held-out correct predictions per seed,
// combined over seeds with Stouffer's method (never on counts pooled over seeds).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "audit/config.h"
#include "metrics/z_test.h"
#include "reproduce/config.h"
#include "reproduce/records.h"

namespace emoforget::reproduce {

// Table 1's stars use the audit's threshold (the paper's p < 0.001).
using audit::kStarPValue;

struct Table1Cell {
  std::string setting;
  std::string held_out;  // val | test
  int64_t n = 0;
  std::string method;  // kFinetuneMethod or an unlearning method
  double tau = 0.0;    // the chosen tau; 0 for methods without one
  MeanStd forget_uar;  // count 0 for the fine-tuned model (the paper's "-")
  MeanStd held_out_uar;
  // Held-out correct predictions and total of each seed's run (tests are per seed).
  std::map<uint64_t, std::pair<int64_t, int64_t>> held_out_by_seed;
  bool has_z = false;  // proposed methods, when Ran. Lab. is in the table
  std::map<uint64_t, metrics::ZTestResult> z_by_seed;  // against Ran. Lab. of the same seed
  metrics::ZTestResult z_vs_ranlab;                    // the per-seed tests combined (Stouffer)
  bool star = false;  // best proposed method and combined p < kStarPValue
};

struct Table1 {
  std::vector<uint64_t> seeds;  // of the records the table holds
  std::vector<int64_t> ns;
  std::vector<Setting> settings;
  std::vector<std::string> methods;  // rows: kFinetuneMethod, then the unlearning methods
  std::vector<Table1Cell> cells;

  const Table1Cell* find(const std::string& setting, int64_t n, const std::string& method) const;
};

// Aggregates finished runs. Proposed methods use the tau chosen on the train-val
// validation UAR for the same N (select_tau), in both settings; without train-val
// records a setting's cell must have runs at one tau only.
Table1 build_table1(const std::vector<RunRecord>& records, const std::vector<int64_t>& ns,
                    const std::vector<Setting>& settings, const std::vector<std::string>& methods);

// Long form: one row per cell with tau, seeds, means, stds, counts, z and p.
std::string table1_csv(const Table1& table);
// Laid out like the paper: rows = methods, column groups N x setting with D_e and
// Val/Test sub-columns, followed by the chosen tau per cell.
std::string table1_markdown(const Table1& table);

// The paper's row names ("Ran. Lab.", "Adv. + Ela.", ...).
std::string method_title(const std::string& method);

}  // namespace emoforget::reproduce
