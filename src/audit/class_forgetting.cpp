#include "audit/class_forgetting.h"

#include <algorithm>

#include "common/error.h"
#include "train/model_report.h"

namespace emoforget::audit {

std::optional<std::string> forgotten_class(const std::filesystem::path& unlearned_dir) {
  const nlohmann::json report = train::read_model_report(unlearned_dir);
  if (!report.is_object()) return std::nullopt;
  const nlohmann::json request =
      report.value("forget", nlohmann::json::object()).value("request", nlohmann::json());
  if (!request.is_object() || request.value("kind", "") != "class") return std::nullopt;
  if (!request.contains("class") || !request["class"].is_string())
    throw Error((unlearned_dir / "report.json").string() +
                ": forget.request of kind class names no class");
  return request["class"].get<std::string>();
}

nlohmann::json class_forgetting(const nlohmann::json& models, const std::string& label,
                                const std::string& split) {
  const auto recall_of = [&](const std::string& model, const std::string& name) {
    const nlohmann::json& value = models.at(model).at("held_out").at(split).at("recall").at(name);
    return value.is_number() ? nlohmann::json(value.get<double>()) : nlohmann::json(nullptr);
  };
  const nlohmann::json& original_recall =
      models.at("original").at("held_out").at(split).at("recall");
  if (!original_recall.contains(label))
    throw Error("class unlearning: the models have no class '" + label + "'");
  nlohmann::json recall = nlohmann::json::object();
  for (const auto& [model, unused] : models.items())
    recall[model] = recall_of(model, label);
  nlohmann::json kept = nlohmann::json::object();
  double least = 1.0;
  bool others = false;
  for (const auto& [name, value] : original_recall.items()) {
    if (name == label || !value.is_number() || value.get<double>() <= 0) continue;
    const nlohmann::json after = recall_of("unlearned", name);
    const double share = after.is_number() ? after.get<double>() / value.get<double>() : 0.0;
    kept[name] = share;
    least = std::min(least, share);
    others = true;
  }
  const nlohmann::json forgotten = recall["unlearned"];
  const bool met = forgotten.is_number() && forgotten.get<double>() <= kForgottenRecall &&
                   (!others || least >= kKeptShare);
  return {{"class", label},
          {"split", split},
          {"recall", recall},
          {"other_classes_kept", kept},
          {"least_kept", others ? nlohmann::json(least) : nlohmann::json(nullptr)},
          {"goal", "recall of the class <= " + std::to_string(kForgottenRecall).substr(0, 4) +
                       " and every other class keeps >= " +
                       std::to_string(static_cast<int>(kKeptShare * 100)) + " % of its recall"},
          {"met", met}};
}

}  // namespace emoforget::audit
