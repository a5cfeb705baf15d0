// One-tailed two-proportion z-test between two models' correct-prediction rates
// on held-out data (the paper's significance stars: p < 0.001).
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace emoforget::metrics {

struct ZTestResult {
  double z = 0.0;        // (p_a - p_b) / pooled standard error
  double p_value = 1.0;  // P(Z >= z): evidence that model A is better than model B
  double rate_a = 0.0;
  double rate_b = 0.0;

  nlohmann::json to_json() const;
};

// `correct_a` of `n_a` against `correct_b` of `n_b`; H1: rate_a > rate_b.
ZTestResult two_proportion_z_test(int64_t correct_a, int64_t n_a, int64_t correct_b, int64_t n_b);

// Upper tail of the standard normal, P(Z >= z).
double normal_upper_tail(double z);

}  // namespace emoforget::metrics
