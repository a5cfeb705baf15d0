// Intervals and combined significance over seeds: the Student-t 95 % confidence
// interval of a mean, and Stouffer's method for one-tailed z-tests run once per
// seed (each seed's test on its own counts, never on counts pooled over seeds).
#pragma once

#include <vector>

#include "metrics/z_test.h"

namespace emoforget::metrics {

// The two-sided 97.5 % quantile of Student's t with `df` >= 1 degrees of freedom
// (tabulated to 3 decimals up to 30, then interpolated in 1/df towards 1.960).
double student_t_975(int df);

// Half width of the 95 % t-interval of the mean of `count` values with sample
// standard deviation `sd`: t(count - 1) * sd / sqrt(count); 0 for fewer than 2 values.
double t_interval_half_width(double sd, int count);

// Stouffer's combination of per-seed one-tailed tests: z = sum(z_i) / sqrt(k) and its
// upper-tail p; the rates are the means of the per-seed rates. k = 0: z 0, p 1.
ZTestResult stouffer_combined(const std::vector<ZTestResult>& per_seed);

}  // namespace emoforget::metrics
