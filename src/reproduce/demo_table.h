// The demo's summary: one row per model (the fine-tuned one, the retrained
// reference, every unlearning method) with the figures a reader checks first —
// forget and test UAR, MIA-efficacy, the average gap to the retrained model, time
// and speed-up over retraining — and a verdict in words; and the settings in which
// the demo departs from the paper.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/run_options.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::reproduce {

// `audits`: each method's audit report (run_audit) by method name; `seconds`: each
// method's wall time, in table order; `reference`: the retrained method's name.
std::string demo_table(const nlohmann::json& audits,
                       const std::vector<std::pair<std::string, double>>& seconds,
                       double finetune_seconds, const std::string& reference);

// "forgot, kept 93 % of test UAR" / "did not forget (forget UAR 0.62, retrained 0.25)".
std::string demo_verdict(const nlohmann::json& unlearned, const nlohmann::json& original,
                         const nlohmann::json* reference);

// "M=8 (paper 20), P=10 (paper 50), ..." for every setting that is not the paper's;
// empty when none differs.
std::string departures_from_paper(const unlearn::MethodSettings& settings,
                                  const train::RunOptions& run);

}  // namespace emoforget::reproduce
