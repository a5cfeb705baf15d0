// The certificate's three plots, drawn by gnuplot's SVG terminal from an audit
// report: per-class recall on held-out speakers before and after (and retrained),
// the distributions of per-utterance loss, and the membership attack's ROC curves.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace emoforget::audit {

struct CertificatePlots {
  std::string recall_svg;
  std::string loss_svg;
  std::string roc_svg;
};

// Runs gnuplot in a scratch folder removed afterwards; throws when gnuplot fails.
CertificatePlots draw_certificate_plots(const nlohmann::json& audit_report);

}  // namespace emoforget::audit
