#include "audit/attribute_evidence.h"

#include <algorithm>

#include "metrics/attribute_probe.h"
#include "train/inference.h"
#include "train/model_report.h"

namespace emoforget::audit {

std::optional<std::string> forgotten_attribute(const std::filesystem::path& unlearned_dir) {
  const nlohmann::json report = train::read_model_report(unlearned_dir);
  if (!report.is_object()) return std::nullopt;
  const nlohmann::json request =
      report.value("forget", nlohmann::json::object()).value("request", nlohmann::json());
  if (!request.is_object() || request.value("kind", "") != "attribute") return std::nullopt;
  const nlohmann::json name = request.value("attribute", nlohmann::json());
  if (!name.is_string()) return std::nullopt;
  return name.get<std::string>();
}

std::vector<const data::Utterance*> probe_utterances(
    const data::Manifest& manifest, const std::string& attribute,
    const std::vector<std::string>& member_splits) {
  std::vector<const data::Utterance*> rows;
  for (const data::Utterance& u : manifest.utterances) {
    if (std::find(member_splits.begin(), member_splits.end(), u.split) != member_splits.end())
      continue;
    if (!data::attribute_value(manifest, u, attribute).empty()) rows.push_back(&u);
  }
  return rows;
}

nlohmann::json probe_model(model::SequenceClassifier& model, const train::LabeledAudio& set,
                           const data::BinaryAttribute& attribute,
                           const metrics::AttackClassifierConfig& probe, int64_t batch,
                           const train::DeviceConfig& device) {
  const torch::Tensor embeddings = train::predict_pooled(model, set, batch, device);
  return metrics::probe_attribute(embeddings, attribute.codes, attribute.speakers, kProbeFolds,
                                  probe)
      .to_json();
}

nlohmann::json attribute_unlearning(const nlohmann::json& models,
                                    const data::BinaryAttribute& attribute,
                                    const std::string& split) {
  nlohmann::json accuracy = nlohmann::json::object();
  for (const auto& [name, model] : models.items())
    accuracy[name] = model.at("attribute_probe").at("balanced_accuracy");
  const double before = models.at("original").at("held_out").at(split).at("uar").get<double>();
  const double after = models.at("unlearned").at("held_out").at(split).at("uar").get<double>();
  const double kept = before > 0 ? after / before : 0.0;
  const bool met = accuracy["unlearned"].get<double>() <= kProbeGoal && kept >= kEmotionKept;
  const nlohmann::json& probe = models.at("original").at("attribute_probe");
  return {{"attribute", attribute.name},
          {"values", attribute.values},
          {"n", probe.at("n")},
          {"speakers", probe.at("speakers")},
          {"folds", probe.at("folds")},
          {"probe_balanced_accuracy", accuracy},
          {"emotion_uar_kept", kept},
          {"emotion_split", split},
          {"goal",
           "probe balanced accuracy <= 0.60 (0.5 = chance) with emotion UAR >= 95 % of "
           "the original's"},
          {"met", met}};
}

}  // namespace emoforget::audit
