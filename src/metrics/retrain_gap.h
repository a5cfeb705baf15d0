// How close an unlearned model is to the model retrained without the forget set,
// in the forms the unlearning literature reports:
// - the average gap (SalUn, "Unlearn-Sparse"): mean |difference| of UA (forget-set
//   UAR), RA (remain-set UAR), TA (held-out UAR) and MIA-efficacy;
// - GUM (UnSLU-BENCH): the harmonic mean of utility U, efficacy E and time T,
//   U = clip((F1_unl - 1/C) / (F1_gold - 1/C)),
//   E = clip(1 - |MIA_unl - MIA_gold| / |MIA_orig - MIA_gold|),
//   T = clip(1 - log(t_unl + 1) / log(t_gold + 1)), clip to [0, 1];
//   GUM = 3 U E T / (E T + U T + U E), the gold model being the retrained one.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

namespace emoforget::metrics {

// One model's evidence figures.
struct ModelEvidence {
  double ua = 0.0;                // UAR on the forget set
  double ra = 0.0;                // UAR on the remain set (a sample of it)
  double ta = 0.0;                // UAR on the held-out split
  double ta_f1 = 0.0;             // macro F1 on the held-out split
  double mia_efficacy = 0.0;      // share of the forget set called non-member
  std::optional<double> seconds;  // wall time that produced the model
};

double avg_gap_to_retrain(const ModelEvidence& model, const ModelEvidence& retrained);

struct Gum {
  double u = 0.0;
  double e = 0.0;
  std::optional<double> t;    // needs both wall times
  std::optional<double> gum;  // needs t

  nlohmann::json to_json() const;
};

Gum gum(const ModelEvidence& unlearned, const ModelEvidence& retrained,
        const ModelEvidence& original, int num_classes);

// t_retrained / t_unlearned, when both times are known and positive.
std::optional<double> speedup_over_retrain(const ModelEvidence& unlearned,
                                           const ModelEvidence& retrained);

}  // namespace emoforget::metrics
