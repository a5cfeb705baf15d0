#include "reproduce/eta.h"

#include <algorithm>

namespace emoforget::reproduce {

void EtaModel::add(const RunCost& cost, double seconds, double pgd_seconds) {
  // A run without PGD passes (none, or a cached attack) spends its PGD seconds
  // reading the cache: they count with the rest.
  if (cost.pgd > 0.0) {
    pgd_passes_ += cost.pgd;
    pgd_seconds_ += pgd_seconds;
    seconds -= pgd_seconds;
  }
  other_passes_ += cost.other;
  other_seconds_ += std::max(seconds, 0.0);
}

double EtaModel::seconds_for(const RunCost& cost) const {
  const double other_rate = other_passes_ > 0.0 ? other_seconds_ / other_passes_ : 0.0;
  const double pgd_rate = pgd_passes_ > 0.0 ? pgd_seconds_ / pgd_passes_ : other_rate;
  return std::max(cost.pgd, 0.0) * pgd_rate +
         std::max(cost.other, 0.0) * (other_passes_ > 0.0 ? other_rate : pgd_rate);
}

}  // namespace emoforget::reproduce
