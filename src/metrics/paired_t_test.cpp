#include "metrics/paired_t_test.h"

#include <cmath>
#include <limits>

#include "common/error.h"

namespace emoforget::metrics {
namespace {

// Continued fraction of the incomplete beta function (modified Lentz's method).
double beta_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::abs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d;
    if (std::abs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d;
    if (std::abs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double step = d * c;
    h *= step;
    if (std::abs(step - 1.0) < 1e-15) break;
  }
  return h;
}

// The regularised incomplete beta function I_x(a, b).
double incomplete_beta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_fraction(a, b, x) / a;
  return 1.0 - front * beta_fraction(b, a, 1.0 - x) / b;
}

}  // namespace

nlohmann::json PairedTTest::to_json() const {
  return {{"mean_difference", mean_difference}, {"t", t}, {"df", df}, {"p_value", p_value}};
}

double student_t_upper_tail(double t, int df) {
  if (df < 1) throw Error("Student's t: df must be >= 1, got " + std::to_string(df));
  const double v = static_cast<double>(df);
  const double tail = 0.5 * incomplete_beta(0.5 * v, 0.5, v / (v + t * t));
  return t >= 0 ? tail : 1.0 - tail;
}

PairedTTest paired_t_test_less(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw Error("paired t-test: the two lists differ in length");
  if (a.size() < 2) throw Error("paired t-test: needs at least 2 pairs");
  const double n = static_cast<double>(a.size());
  double mean = 0.0;
  for (size_t i = 0; i < a.size(); ++i)
    mean += a[i] - b[i];
  mean /= n;
  double ss = 0.0;
  for (size_t i = 0; i < a.size(); ++i)
    ss += (a[i] - b[i] - mean) * (a[i] - b[i] - mean);
  PairedTTest test;
  test.mean_difference = mean;
  test.df = static_cast<int>(a.size()) - 1;
  const double se = std::sqrt(ss / (n - 1.0) / n);
  if (se == 0.0) {
    test.t = mean < 0 ? -std::numeric_limits<double>::infinity()
                      : (mean > 0 ? std::numeric_limits<double>::infinity() : 0.0);
    test.p_value = mean < 0 ? 0.0 : 1.0;
    return test;
  }
  test.t = mean / se;
  test.p_value = 1.0 - student_t_upper_tail(test.t, test.df);
  return test;
}

}  // namespace emoforget::metrics
