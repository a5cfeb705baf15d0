// The unlearning certificate: one page a data-protection officer can read, from an
// audit report and the unlearned model's record of its request. HTML (self-
// contained: styles and SVG plots inline, nothing fetched) or Markdown (plots as SVG
// files beside it). It states what was requested (hashed ids and counts, never an
// id), the models' content hashes, the method and its settings, the evidence beside
// the retrained reference when there is one, the plots, and a verdict with its reason.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace emoforget::audit {

struct Verdict {
  std::string level;     // pass | partial | fail
  std::string headline;  // one sentence
  std::string reason;    // the figures behind it, in plain words
};

// Forgotten: forget-set UAR no higher than the retrained model's + 0.05 (without a
// reference: than on held-out speakers) and MIA-efficacy no lower than the
// reference's - 0.05; useful: held-out UAR >= 90 % of the original's.
Verdict certificate_verdict(const nlohmann::json& audit_report);

// Writes the page(s) atomically; either path may be empty.
void write_certificate(const nlohmann::json& audit_report, const std::filesystem::path& html,
                       const std::filesystem::path& markdown);

}  // namespace emoforget::audit
