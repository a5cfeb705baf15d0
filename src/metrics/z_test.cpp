#include "metrics/z_test.h"

#include <cmath>
#include <string>

#include "common/error.h"

namespace emoforget::metrics {

double normal_upper_tail(double z) {
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}

ZTestResult two_proportion_z_test(int64_t correct_a, int64_t n_a, int64_t correct_b, int64_t n_b) {
  if (n_a <= 0 || n_b <= 0) {
    throw Error("z-test: sample sizes must be positive, got " + std::to_string(n_a) + " and " +
                std::to_string(n_b));
  }
  if (correct_a < 0 || correct_a > n_a || correct_b < 0 || correct_b > n_b) {
    throw Error("z-test: correct counts must lie in [0, n], got " + std::to_string(correct_a) +
                "/" + std::to_string(n_a) + " and " + std::to_string(correct_b) + "/" +
                std::to_string(n_b));
  }
  ZTestResult result;
  result.rate_a = static_cast<double>(correct_a) / static_cast<double>(n_a);
  result.rate_b = static_cast<double>(correct_b) / static_cast<double>(n_b);
  const double pooled = static_cast<double>(correct_a + correct_b) / static_cast<double>(n_a + n_b);
  const double se = std::sqrt(pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b));
  if (se == 0.0) {  // both rates 0 or both 1: no evidence either way
    result.z = 0.0;
    result.p_value = 0.5;
    return result;
  }
  result.z = (result.rate_a - result.rate_b) / se;
  result.p_value = normal_upper_tail(result.z);
  return result;
}

nlohmann::json ZTestResult::to_json() const {
  return {{"z", z}, {"p_value", p_value}, {"rate_a", rate_a}, {"rate_b", rate_b}};
}

}  // namespace emoforget::metrics
