#include "metrics/retrain_gap.h"

#include <algorithm>
#include <cmath>

namespace emoforget::metrics {
namespace {

constexpr double kTiny = 1e-12;

double clip01(double value) {
  return std::clamp(value, 0.0, 1.0);
}

// numerator / denominator clipped to [0, 1]; with no room to improve (denominator 0),
// 1 when the numerator reaches it as well, else 0.
double clipped_ratio(double numerator, double denominator) {
  if (std::abs(denominator) < kTiny) return numerator >= denominator - kTiny ? 1.0 : 0.0;
  return clip01(numerator / denominator);
}

}  // namespace

double avg_gap_to_retrain(const ModelEvidence& m, const ModelEvidence& r) {
  return (std::abs(m.ua - r.ua) + std::abs(m.ra - r.ra) + std::abs(m.ta - r.ta) +
          std::abs(m.mia_efficacy - r.mia_efficacy)) /
         4.0;
}

Gum gum(const ModelEvidence& unl, const ModelEvidence& gold, const ModelEvidence& orig,
        int num_classes) {
  Gum g;
  const double chance = 1.0 / static_cast<double>(num_classes);
  g.u = clipped_ratio(unl.ta_f1 - chance, gold.ta_f1 - chance);
  const double spread = std::abs(orig.mia_efficacy - gold.mia_efficacy);
  const double miss = std::abs(unl.mia_efficacy - gold.mia_efficacy);
  g.e = spread < kTiny ? (miss < kTiny ? 1.0 : 0.0) : clip01(1.0 - miss / spread);
  if (unl.seconds && gold.seconds && *gold.seconds > 0) {
    g.t = clip01(1.0 - std::log(*unl.seconds + 1.0) / std::log(*gold.seconds + 1.0));
    const double u = g.u, e = g.e, t = *g.t;
    const double denominator = e * t + u * t + u * e;
    g.gum = denominator < kTiny ? 0.0 : 3.0 * u * e * t / denominator;
  }
  return g;
}

std::optional<double> speedup_over_retrain(const ModelEvidence& unl, const ModelEvidence& gold) {
  if (!unl.seconds || !gold.seconds || *unl.seconds <= 0 || *gold.seconds <= 0) return {};
  return *gold.seconds / *unl.seconds;
}

nlohmann::json Gum::to_json() const {
  return {{"u", u},
          {"e", e},
          {"t", t ? nlohmann::json(*t) : nlohmann::json(nullptr)},
          {"gum", gum ? nlohmann::json(*gum) : nlohmann::json(nullptr)}};
}

}  // namespace emoforget::metrics
