#include "unlearn/held_out_scores.h"

#include <algorithm>

#include "train/inference.h"

namespace emoforget::unlearn {

ScoredSets::ScoredSets(const data::Manifest& manifest, const std::vector<std::string>& splits,
                       const std::vector<std::string>& train_splits,
                       const std::vector<std::string>& labels, const audio::AudioConfig& audio) {
  for (const std::string& split : splits) {
    if (std::find(train_splits.begin(), train_splits.end(), split) != train_splits.end()) continue;
    const auto utterances = manifest.in_split(split);
    if (utterances.empty()) continue;
    sets_.emplace(split, train::load_labeled_audio(manifest, utterances, labels, audio));
  }
}

nlohmann::json ScoredSets::score(model::SequenceClassifier& model,
                                 const train::LabeledAudio& forget, int64_t batch,
                                 const train::DeviceConfig& device) const {
  nlohmann::json scores;
  scores["forget"] = train::evaluate(model, forget, batch, device).to_json();
  for (const auto& [split, set] : sets_) {
    scores[split] = train::evaluate(model, set, batch, device).to_json();
  }
  return scores;
}

}  // namespace emoforget::unlearn
