#include "train/model_report.h"

#include <fstream>
#include <optional>

#include "common/error.h"

namespace emoforget::train {

RunOptions model_clip_run_options() {
  RunOptions run;
  run.max_seconds = 0;
  return run;
}

RunOptions::Rules model_clip_rules() {
  RunOptions::Rules rules;
  rules.auto_length_allowed = true;
  return rules;
}

nlohmann::json read_model_report(const std::filesystem::path& model_dir) {
  const std::filesystem::path file = model_dir / "report.json";
  if (!std::filesystem::exists(file)) return nullptr;
  std::ifstream in(file);
  try {
    nlohmann::json report;
    in >> report;
    if (!report.is_object()) throw Error(file.string() + ": not a JSON object");
    return report;
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string() + ": not valid JSON (" + e.what() + ")");
  }
}

namespace {

// config.<key> of the model's report when it is a number > 0.
std::optional<double> recorded_positive(const std::filesystem::path& model_dir, const char* key) {
  const nlohmann::json report = read_model_report(model_dir);
  if (!report.is_object() || !report.contains("config") || !report["config"].is_object())
    return std::nullopt;
  const nlohmann::json& value = report["config"].value(key, nlohmann::json());
  if (!value.is_number() || !(value.get<double>() > 0)) return std::nullopt;
  return value.get<double>();
}

}  // namespace

std::pair<double, std::string> model_learning_rate(const std::filesystem::path& model_dir,
                                                   double fallback) {
  if (const auto lr = recorded_positive(model_dir, "lr")) {
    return {*lr, "the model's fine-tuning lr (" + (model_dir / "report.json").string() + ")"};
  }
  return {fallback, "default (the model records no learning rate)"};
}

std::string resolve_clip_seconds(RunOptions& run, const std::filesystem::path& model_dir) {
  auto [seconds, choice] = resolved_clip_seconds(run, model_dir);
  run.max_seconds = seconds;
  return choice;
}

std::pair<double, std::string> resolved_clip_seconds(const RunOptions& run,
                                                     const std::filesystem::path& model_dir) {
  if (run.max_seconds > 0) return {run.max_seconds, "given"};
  if (const auto seconds = recorded_positive(model_dir, "max_seconds")) {
    return {*seconds, "as the model was made (" + (model_dir / "report.json").string() + ")"};
  }
  return {kDefaultClipSeconds, "default (the model records no clip length)"};
}

}  // namespace emoforget::train
