#include "metrics/confidence.h"

#include <cmath>

#include "common/error.h"

namespace emoforget::metrics {

double student_t_975(int df) {
  static const double kTable[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                    2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                    2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                    2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) throw Error("t quantile: degrees of freedom must be >= 1, got " + std::to_string(df));
  if (df <= 30) return kTable[df - 1];
  constexpr double kNormal = 1.959964;
  return kNormal + (kTable[29] - kNormal) * 30.0 / static_cast<double>(df);
}

double t_interval_half_width(double sd, int count) {
  if (count < 2) return 0.0;
  return student_t_975(count - 1) * sd / std::sqrt(static_cast<double>(count));
}

ZTestResult stouffer_combined(const std::vector<ZTestResult>& per_seed) {
  ZTestResult combined;
  if (per_seed.empty()) return combined;
  double z = 0.0, rate_a = 0.0, rate_b = 0.0;
  for (const ZTestResult& r : per_seed) {
    z += r.z;
    rate_a += r.rate_a;
    rate_b += r.rate_b;
  }
  const double k = static_cast<double>(per_seed.size());
  combined.z = z / std::sqrt(k);
  combined.p_value = normal_upper_tail(combined.z);
  combined.rate_a = rate_a / k;
  combined.rate_b = rate_b / k;
  return combined;
}

}  // namespace emoforget::metrics
