// Is one method's figure lower than another's over the same seeds? The one-tailed
// paired t-test on the per-seed differences a_i - b_i (H1: their mean is below 0),
// with Student's t distribution's tail from the regularised incomplete beta function.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace emoforget::metrics {

struct PairedTTest {
  double mean_difference = 0.0;  // mean of a_i - b_i
  double t = 0.0;
  int df = 0;
  double p_value = 1.0;  // P(T <= t) under H0: small when a is lower

  nlohmann::json to_json() const;
};

// P(T >= t) for Student's t with `df` >= 1 degrees of freedom.
double student_t_upper_tail(double t, int df);

// a and b paired by index (the same seeds); needs at least 2 pairs. Identical
// differences (zero spread) give p 0 when they are negative, else 1.
PairedTTest paired_t_test_less(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace emoforget::metrics
