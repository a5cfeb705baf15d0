#include "reproduce/demo_table.h"

#include <cstdio>
#include <sstream>

#include "common/number_text.h"

namespace emoforget::reproduce {
namespace {

// Forgotten: the forget set scores no better than on the retrained model (which never
// saw it) plus this margin of UAR.
constexpr double kForgetMargin = 0.05;
// Below this share of the original's test UAR the model has lost its task.
constexpr double kLostTask = 0.5;

std::string figure(const nlohmann::json& model, const char* key, int digits = 3) {
  return model.contains(key) && model[key].is_number()
             ? fixed_text(model[key].get<double>(), digits)
             : "n/a";
}

double uar(const nlohmann::json& model, const char* set) {
  return set == std::string("test") ? model["held_out"]["test"]["uar"].get<double>()
                                    : model[set]["uar"].get<double>();
}

std::string row(const std::string& name, const nlohmann::json& model, double seconds,
                const std::string& speedup, const std::string& verdict) {
  return "| " + name + " | " + fixed_text(uar(model, "forget")) + " | " +
         fixed_text(uar(model, "test")) + " | " + figure(model, "mia_efficacy") + " | " +
         figure(model, "avg_gap_to_retrain") + " | " + fixed_text(seconds, 1) + " | " + speedup +
         " | " + verdict + " |\n";
}

}  // namespace

std::string demo_verdict(const nlohmann::json& unlearned, const nlohmann::json& original,
                         const nlohmann::json* reference) {
  const double kept = uar(unlearned, "test") / uar(original, "test");
  const std::string kept_text = std::to_string(static_cast<int>(kept * 100.0 + 0.5)) + " %";
  const double target = reference != nullptr ? uar(*reference, "forget") : 0.0;
  const bool forgot = reference != nullptr
                          ? uar(unlearned, "forget") <= target + kForgetMargin
                          : uar(unlearned, "forget") < uar(original, "forget") - kForgetMargin;
  if (!forgot) {
    return "did not forget (forget UAR " + fixed_text(uar(unlearned, "forget"), 2) +
           (reference != nullptr ? ", retrained " + fixed_text(target, 2) : "") + "), kept " +
           kept_text + " of test UAR";
  }
  if (kept < kLostTask) return "forgot, but lost the task (kept " + kept_text + " of test UAR)";
  return "forgot, kept " + kept_text + " of test UAR";
}

std::string demo_table(const nlohmann::json& audits,
                       const std::vector<std::pair<std::string, double>>& seconds,
                       double finetune_seconds, const std::string& reference) {
  std::ostringstream md;
  md << "| method | forget UAR | test UAR | MIA-efficacy | avg gap to retrain | time (s) | "
        "speedup over retrain | verdict |\n";
  md << "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
  const nlohmann::json& original = audits.begin().value()["models"]["original"];
  double retrain_seconds = 0.0;
  for (const auto& [method, s] : seconds) {
    if (method == reference) retrain_seconds = s;
  }
  md << row("fine-tuned (before)", original, finetune_seconds, "", "before unlearning");
  const nlohmann::json* retrained = nullptr;
  if (audits.contains(reference)) retrained = &audits[reference]["models"]["unlearned"];
  for (const auto& [method, s] : seconds) {
    const nlohmann::json& model = audits[method]["models"]["unlearned"];
    if (method == reference) {
      md << row(method + " (reference)", model, s, "1.0",
                "the yardstick: never saw the forget set");
      continue;
    }
    const std::string speedup =
        retrain_seconds > 0 && s > 0 ? fixed_text(retrain_seconds / s, 1) : "n/a";
    md << row(method, model, s, speedup, demo_verdict(model, original, retrained));
  }
  return md.str();
}

std::string departures_from_paper(const unlearn::MethodSettings& s, const train::RunOptions& run) {
  const unlearn::MethodSettings paper;  // the defaults are the paper's (Section 3.2)
  std::vector<std::string> items;
  auto differs = [&](const std::string& name, double value, double paper_value) {
    if (value == paper_value) return;
    std::ostringstream text;
    text << name << "=" << value << " (paper " << paper_value << ")";
    items.push_back(text.str());
  };
  differs("M", static_cast<double>(s.pgd.m), static_cast<double>(paper.pgd.m));
  differs("P", static_cast<double>(s.pgd.p), static_cast<double>(paper.pgd.p));
  differs("tau", s.pgd.tau, paper.pgd.tau);
  differs("lambda1", s.lambda_mis, paper.lambda_mis);
  differs("lambda2", s.lambda_adv, paper.lambda_adv);
  differs("lambda3", s.lambda_ewc, paper.lambda_ewc);
  if (s.fisher_norm != paper.fisher_norm) {
    items.push_back("Fisher scaled to mean 1 (paper: raw)");
  }
  differs("unlearning epochs", s.epochs, paper.epochs);
  differs("unlearning lr", s.lr, paper.lr);
  differs("clip seconds", run.max_seconds, train::RunOptions{}.max_seconds);
  std::string text;
  for (const std::string& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace emoforget::reproduce
