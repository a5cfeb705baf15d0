#include "reproduce/tau_selection.h"

namespace emoforget::reproduce {

std::map<double, MeanStd> validation_uar_by_tau(const std::vector<RunRecord>& records, int64_t n,
                                                const std::string& method) {
  std::map<double, std::vector<double>> values;
  for (const RunRecord& r : records) {
    if (r.setting == "train-val" && r.n == n && r.method == method) {
      values[r.tau].push_back(r.held_out_uar);
    }
  }
  std::map<double, MeanStd> by_tau;
  for (const auto& [tau, uars] : values)
    by_tau[tau] = mean_std(uars);
  return by_tau;
}

std::optional<double> select_tau(const std::vector<RunRecord>& records, int64_t n,
                                 const std::string& method) {
  std::optional<double> best;
  double best_uar = 0.0;
  for (const auto& [tau, uar] : validation_uar_by_tau(records, n, method)) {
    if (!best || uar.mean > best_uar) {  // ascending tau: ties keep the smaller one
      best = tau;
      best_uar = uar.mean;
    }
  }
  return best;
}

}  // namespace emoforget::reproduce
