#include "reproduce/records.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "common/error.h"
#include "metrics/confidence.h"

namespace emoforget::reproduce {
namespace {

const nlohmann::json& scores_of(const nlohmann::json& section, const std::string& key,
                                const std::string& where) {
  if (!section.is_object() || !section.contains(key) || !section.at(key).is_object()) {
    throw Error(where + ": no scores for '" + key +
                "' in the report; delete the run's folder to rerun it");
  }
  const nlohmann::json& scores = section.at(key);
  for (const char* field : {"uar", "wa", "n"}) {
    if (!scores.contains(field) || !scores.at(field).is_number()) {
      throw Error(where + ": scores of '" + key + "' lack a numeric '" + field + "'");
    }
  }
  return scores;
}

// timings.<key> of a report, 0 when absent.
double timing_of(const nlohmann::json& report, const char* key) {
  const nlohmann::json* timings = report.contains("timings") ? &report.at("timings") : nullptr;
  if (timings == nullptr || !timings->is_object() || !timings->contains(key) ||
      !timings->at(key).is_number()) {
    return 0.0;
  }
  return timings->at(key).get<double>();
}

}  // namespace

int64_t RunRecord::held_out_correct() const {
  return std::llround(held_out_wa * static_cast<double>(held_out_n));
}

RunRecord record_from_unlearn_report(const nlohmann::json& report, const std::string& setting,
                                     const std::string& held_out, uint64_t seed, int64_t n,
                                     double tau) {
  const std::string where = "unlearning report (" + setting + ", N=" + std::to_string(n) + ")";
  if (!report.contains("after") || !report.contains("method")) {
    throw Error(where + ": missing 'after' or 'method'; delete the run's folder to rerun it");
  }
  const nlohmann::json& after = report.at("after");
  RunRecord record;
  record.setting = setting;
  record.seed = seed;
  record.method = report.at("method").get<std::string>();
  record.n = n;
  record.tau = tau;
  record.forget_uar = scores_of(after, "forget", where).at("uar").get<double>();
  const nlohmann::json& scores = scores_of(after, held_out, where);
  record.held_out_uar = scores.at("uar").get<double>();
  record.held_out_wa = scores.at("wa").get<double>();
  record.held_out_n = scores.at("n").get<int64_t>();
  record.seconds = timing_of(report, "wall_seconds");
  record.pgd_seconds = timing_of(report, "pgd_seconds");
  const nlohmann::json* cache = nullptr;
  if (report.contains("adversarial") && report.at("adversarial").is_object() &&
      report.at("adversarial").contains("cache")) {
    cache = &report.at("adversarial").at("cache");
  }
  record.attack_from_cache = cache != nullptr && cache->is_object() && cache->contains("status") &&
                             cache->at("status") == "hit";
  return record;
}

RunRecord record_from_finetune_report(const nlohmann::json& report, const std::string& setting,
                                      const std::string& held_out, uint64_t seed) {
  const std::string where = "fine-tuning report (" + setting + ")";
  if (!report.contains("final")) {
    throw Error(where + ": missing 'final'; delete the run's folder to rerun it");
  }
  const nlohmann::json& scores = scores_of(report.at("final"), held_out, where);
  RunRecord record;
  record.setting = setting;
  record.seed = seed;
  record.method = kFinetuneMethod;
  record.forget_uar = std::numeric_limits<double>::quiet_NaN();
  record.held_out_uar = scores.at("uar").get<double>();
  record.held_out_wa = scores.at("wa").get<double>();
  record.held_out_n = scores.at("n").get<int64_t>();
  record.seconds = timing_of(report, "wall_seconds");
  return record;
}

void add_audit_figures(const nlohmann::json& audit, bool is_reference, RunRecord& record) {
  const nlohmann::json& u = audit.at("models").at("unlearned");
  const std::string held_out = audit.at("held_out").at(0).get<std::string>();
  record.audited = true;
  record.remain_uar = u.at("remain").at("uar").get<double>();
  record.held_out_f1 = u.at("held_out").at(held_out).at("macro_f1").get<double>();
  record.mia_efficacy = u.at("mia_efficacy").get<double>();
  record.avg_gap_to_retrain = u.at("avg_gap_to_retrain").get<double>();
  if (!is_reference && u.contains("gum") && u["gum"].is_object())
    record.gum = u["gum"].at("gum").get<double>();
}

MeanStd mean_std(const std::vector<double>& values) {
  MeanStd result;
  result.count = static_cast<int>(values.size());
  if (values.empty()) return result;
  double sum = 0.0;
  for (const double v : values)
    sum += v;
  result.mean = sum / static_cast<double>(values.size());
  if (values.size() > 1) {
    double squares = 0.0;
    for (const double v : values)
      squares += (v - result.mean) * (v - result.mean);
    result.std = std::sqrt(squares / static_cast<double>(values.size() - 1));
    result.ci95 = metrics::t_interval_half_width(result.std, result.count);
  }
  return result;
}

std::string mean_ci_text(const std::vector<double>& values) {
  if (values.empty()) return "n/a";
  const MeanStd m = mean_std(values);
  char text[48];
  if (m.count > 1) {
    std::snprintf(text, sizeof text, "%.3f ± %.3f", m.mean, m.ci95);
  } else {
    std::snprintf(text, sizeof text, "%.3f", m.mean);
  }
  return text;
}

}  // namespace emoforget::reproduce
