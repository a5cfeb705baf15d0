// The stopping rule (--until): every --until-every steps (or after each epoch), score
// the forget set and stop once its UAR is at or below the target — 0 (the paper's goal:
// misclassify it), the original model's UAR on a held-out split it may read (what a
// model that never trained on the forget set scores on speech it has not seen; scored
// once, before the first step, so that the target does not fall as the model degrades),
// or a given value. `heldout-confidence` compares the mean probability of the true label
// instead: smoother than the UAR of a few clips, and the quantity a loss-based membership
// attack reads — the forget set ends no more confidently classified than unseen speech.
#pragma once

#include <optional>
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
  // `every`: steps between checks; 0 = after each epoch.
  EarlyStop(const StopRule& rule, int every, const train::LabeledAudio* held_out,
            std::string split);

  bool active() const { return rule_.kind != StopRule::Kind::kNone; }
  // Fixes the target from the model before unlearning (the heldout rule scores its split).
  void begin(model::SequenceClassifier& model, int64_t batch, const train::DeviceConfig& device);
  // After the run's `step`-th step (1-based over the whole run), `epoch_end` when it ends
  // an epoch: scores the model when a check is due; true when training should stop.
  bool after_step(model::SequenceClassifier& model, const train::LabeledAudio& forget, int epoch,
                  int64_t step, bool epoch_end, int64_t batch, const train::DeviceConfig& device);
  // The rule, its target, each check and where it stopped (null if it ran every step).
  nlohmann::json to_json() const;
  int stopped_at_epoch() const { return stopped_epoch_; }
  int64_t stopped_at_step() const { return stopped_step_; }

 private:
  struct Check {
    int epoch = 0;
    int64_t step = 0;
    double forget_uar = 0.0;
    std::optional<double> forget_confidence;  // heldout-confidence
  };
  StopRule rule_;
  int every_ = 0;
  const train::LabeledAudio* held_out_;
  std::string split_;
  std::optional<double> target_;
  std::vector<Check> checks_;
  int stopped_epoch_ = 0;
  int64_t stopped_step_ = 0;
};

}  // namespace emoforget::unlearn
