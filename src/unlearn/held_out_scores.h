// Scores a model on the forget set and on the held-out splits, before and after
// unlearning, with the audio of each set decoded once.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/manifest.h"
#include "model/sequence_classifier.h"
#include "train/device.h"
#include "train/labeled_audio.h"

namespace emoforget::unlearn {

class ScoredSets {
 public:
  // Decodes every split of `splits` that has utterances and is not a training split.
  ScoredSets(const data::Manifest& manifest, const std::vector<std::string>& splits,
             const std::vector<std::string>& train_splits, const std::vector<std::string>& labels,
             const audio::AudioConfig& audio);
  // {"forget": {...}, "<split>": {...}}: UAR, WA, recall, confusion of each set.
  nlohmann::json score(model::SequenceClassifier& model, const train::LabeledAudio& forget,
                       int64_t batch, const train::DeviceConfig& device) const;
  // The decoded split, or nullptr when it is not scored here.
  const train::LabeledAudio* find(const std::string& split) const {
    const auto it = sets_.find(split);
    return it == sets_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, train::LabeledAudio> sets_;
};

}  // namespace emoforget::unlearn
