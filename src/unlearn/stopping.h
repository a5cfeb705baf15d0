// The stopping rule (--until): after each unlearning epoch, score the forget set and
// stop once its UAR is at or below the target — 0 (the paper's goal: misclassify it),
// the model's own UAR on a held-out split it may read (what a model that never
// trained on the forget set scores on speech it has not seen), or a given value.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/sequence_classifier.h"
#include "train/device.h"
#include "train/labeled_audio.h"
#include "unlearn/variant.h"

namespace emoforget::unlearn {

class EarlyStop {
 public:
  // `held_out` (and its split's name) is read only by the heldout rule, which needs it.
  EarlyStop(const StopRule& rule, const train::LabeledAudio* held_out, std::string split);

  bool active() const { return rule_.kind != StopRule::Kind::kNone; }
  // Scores the model after `epoch`; true when training should stop.
  bool after_epoch(model::SequenceClassifier& model, const train::LabeledAudio& forget, int epoch,
                   int64_t batch, const train::DeviceConfig& device);
  // The rule, each epoch's check and the epoch it stopped at (null if it ran them all).
  nlohmann::json to_json() const;
  int stopped_at() const { return stopped_at_; }

 private:
  struct Check {
    int epoch = 0;
    double forget_uar = 0.0;
    double target = 0.0;
  };
  StopRule rule_;
  const train::LabeledAudio* held_out_;
  std::string split_;
  std::vector<Check> checks_;
  int stopped_at_ = 0;
};

}  // namespace emoforget::unlearn
