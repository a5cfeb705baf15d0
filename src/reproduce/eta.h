// The grid's ETA: measured seconds of finished runs (this invocation's and, on a
// resume, earlier ones' from their reports) over their modelled passes give a rate
// for PGD passes and one for the rest; pending passes at those rates give the ETA.
#pragma once

#include "reproduce/cost.h"

namespace emoforget::reproduce {

class EtaModel {
 public:
  // A finished run: its modelled cost, its wall time and the part of it PGD took.
  void add(const RunCost& cost, double seconds, double pgd_seconds);
  // Seconds `cost` should take; a kind not measured yet takes the other kind's rate,
  // and 0 when nothing was measured.
  double seconds_for(const RunCost& cost) const;

 private:
  double pgd_passes_ = 0.0, pgd_seconds_ = 0.0;
  double other_passes_ = 0.0, other_seconds_ = 0.0;
};

}  // namespace emoforget::reproduce
