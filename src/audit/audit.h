// `emoforget audit`: evidence that unlearning worked. Scores the original model, the
// unlearned model and (optionally) a reference retrained without the forget set on
// the forget set and on held-out splits (UAR, WA), runs two membership-inference
// attacks (loss-threshold AUC forget vs unseen; MIA-efficacy of an attack fitted on
// the original model's members vs non-members), reports the unlearned model's gap to
// the reference and one-tailed two-proportion z-tests on the held-out splits.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "audit/config.h"

namespace emoforget::audit {

// Runs the audit; every audio set is decoded once and each model runs once per set.
// Throws (naming the file) when a forget utterance's audio is missing.
nlohmann::json run_audit(const AuditConfig& config);

// A short Markdown summary of a run_audit() report: a table model x (forget UAR,
// held-out UAR, MIA AUC, MIA-efficacy), the gap to the reference and the z-tests.
std::string audit_markdown(const nlohmann::json& report);

}  // namespace emoforget::audit
