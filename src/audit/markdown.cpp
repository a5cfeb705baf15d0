// audit_markdown(): the audit report as a short Markdown summary.
#include <cstdio>
#include <sstream>

#include "audit/audit.h"
#include "common/error.h"
#include "common/number_text.h"

namespace emoforget::audit {
namespace {

std::string signed_fixed(double value) {
  return (value >= 0 ? "+" : "") + fixed_text(value);
}

std::string p_value(double p) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.3g", p);
  return buffer;
}

}  // namespace

std::string audit_markdown(const nlohmann::json& report) {
  if (!report.contains("models") || !report.contains("held_out")) {
    throw Error("audit_markdown: not an audit report (no \"models\" or \"held_out\")");
  }
  const std::vector<std::string> held_out = report["held_out"].get<std::vector<std::string>>();
  const nlohmann::json& models = report["models"];
  std::ostringstream md;
  md << "## Unlearning audit\n\n";
  md << "| model | forget UAR |";
  for (const std::string& split : held_out)
    md << " " << split << " UAR |";
  md << " MIA AUC | MIA-efficacy |\n|---|---:|";
  for (size_t i = 0; i < held_out.size(); ++i)
    md << "---:|";
  md << "---:|---:|\n";
  for (const std::string name : {"original", "unlearned", "reference"}) {
    if (!models.contains(name)) continue;
    const nlohmann::json& m = models[name];
    md << "| " << name << " | " << fixed_text(m["forget"]["uar"].get<double>()) << " |";
    for (const std::string& split : held_out)
      md << " " << fixed_text(m["held_out"][split]["uar"].get<double>()) << " |";
    md << " " << fixed_text(m["mia_auc"].get<double>()) << " | "
       << fixed_text(m["mia_efficacy"].get<double>()) << " |\n";
  }
  if (report.contains("gap_to_reference")) {
    const nlohmann::json& gap = report["gap_to_reference"];
    md << "| gap (unlearned - reference) | " << signed_fixed(gap["forget"]["uar"].get<double>())
       << " |";
    for (const std::string& split : held_out)
      md << " " << signed_fixed(gap["held_out"][split]["uar"].get<double>()) << " |";
    md << " " << signed_fixed(gap["mia_auc"].get<double>()) << " | "
       << signed_fixed(gap["mia_efficacy"].get<double>()) << " |\n";
  }
  md << "\nForget set: " << report["sets"]["forget"]["n"].get<int64_t>()
     << " utterances. MIA AUC: loss-threshold attack, forget set vs held-out (0.5 = chance). "
        "MIA-efficacy: share of the forget set that an attack fitted on each model's own "
        "outputs (remain-set members vs held-out utterances) calls non-members.\n";
  if (models.contains("unlearned") && models["unlearned"].contains("gum")) {
    const nlohmann::json& u = models["unlearned"];
    const nlohmann::json& gum = u["gum"];
    md << "\nAgainst the retrained reference: average gap "
       << fixed_text(u["avg_gap_to_retrain"].get<double>())
       << " (mean |difference| of forget, remain and held-out UAR and MIA-efficacy; 0 = "
          "indistinguishable); GUM "
       << (gum["gum"].is_null() ? "n/a (no wall times)" : fixed_text(gum["gum"].get<double>()))
       << " (U " << fixed_text(gum["u"].get<double>()) << ", E "
       << fixed_text(gum["e"].get<double>()) << ", T "
       << (gum["t"].is_null() ? "n/a" : fixed_text(gum["t"].get<double>())) << ")";
    if (!u["speedup_over_retrain"].is_null()) {
      md << "; " << fixed_text(u["speedup_over_retrain"].get<double>(), 1)
         << "x faster than retraining";
    }
    md << ".\n";
  }
  if (report.contains("class_forgetting")) {
    const nlohmann::json& c = report["class_forgetting"];
    const nlohmann::json& recall = c["recall"];
    md << "\nClass unlearning (" << c["class"].get<std::string>() << ", on "
       << c["split"].get<std::string>() << "): its recall "
       << (recall["original"].is_number() ? fixed_text(recall["original"].get<double>()) : "n/a")
       << " before, "
       << (recall["unlearned"].is_number() ? fixed_text(recall["unlearned"].get<double>()) : "n/a")
       << " after; the other classes keep at least "
       << (c["least_kept"].is_number() ? percent_text(c["least_kept"].get<double>()) : "n/a")
       << " of their recall. Goal (" << c["goal"].get<std::string>()
       << "): " << (c["met"].get<bool>() ? "met" : "not met") << ".\n";
  }
  if (report.contains("attribute_unlearning")) {
    const nlohmann::json& a = report["attribute_unlearning"];
    md << "\nAttribute probe (" << a["attribute"].get<std::string>() << ", "
       << a["n"].get<int64_t>() << " held-out utterances, " << a["folds"].get<int>()
       << " speaker-disjoint folds), balanced accuracy:";
    for (const auto& [name, value] : a["probe_balanced_accuracy"].items())
      md << " " << name << " " << fixed_text(value.get<double>()) << ";";
    md << " emotion UAR kept " << percent_text(a["emotion_uar_kept"].get<double>()) << ". Goal ("
       << a["goal"].get<std::string>() << "): " << (a["met"].get<bool>() ? "met" : "not met")
       << ".\n";
  }
  if (report.contains("z_tests") && !report["z_tests"].is_null()) {
    md << "\nOne-tailed two-proportion z-tests on held-out correct predictions (*: p < "
       << kStarPValue << "):\n\n";
    for (const std::string& split : held_out) {
      for (const auto& item : report["z_tests"][split].items()) {
        const nlohmann::json& test = item.value();
        md << "- " << split << ", " << test["a"].get<std::string>() << " vs "
           << test["b"].get<std::string>() << ": z = " << fixed_text(test["z"].get<double>(), 2)
           << ", p(better) = " << p_value(test["p_value"].get<double>())
           << test["stars"].get<std::string>()
           << ", p(worse) = " << p_value(test["worse"]["p_value"].get<double>())
           << test["worse"]["stars"].get<std::string>() << "\n";
      }
    }
  }
  return md.str();
}

}  // namespace emoforget::audit
