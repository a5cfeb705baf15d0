// The interface every unlearning method implements, and the registry that picks
// one by name. A method prepares what it needs from the forget set (adversarial
// samples, Fisher), then gives the loss of each training step (paper eq. 5 and
// the baselines). The shared loop (unlearn.cpp) owns the optimiser and epochs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "common/rng.h"
#include "model/sequence_classifier.h"
#include "train/labeled_audio.h"
#include "unlearn/ewc.h"
#include "unlearn/pgd.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

struct UnlearnContext {
  model::SequenceClassifier model{nullptr};
  const UnlearnConfig* config = nullptr;
  train::LabeledAudio forget;  // the forget set with its true labels
  torch::Tensor wrong_labels;  // (N) fixed random wrong labels (Section 2.1)
  train::LabeledAudio remain;  // only for methods that read the remain set
  std::optional<AdversarialSet> adversarial;
  std::optional<Fisher> fisher;
  Rng* rng = nullptr;
  nlohmann::json notes = nlohmann::json::object();  // what prepare() reports (PGD success, ...)
};

class Method {
 public:
  virtual ~Method() = default;
  virtual std::string name() const = 0;
  // Only `remain` reads training data beyond the forget set.
  virtual bool reads_remain_set() const { return false; }
  // One-off work before training (timed by the loop as its own phases).
  virtual void prepare(UnlearnContext& /*context*/) {}
  virtual int64_t steps_per_epoch(const UnlearnContext& context) const = 0;
  // Called at the start of every epoch (draws the epoch's batch order).
  virtual void begin_epoch(UnlearnContext& context) = 0;
  // The loss of step `step` (0-based within the epoch), model in train mode.
  virtual torch::Tensor step_loss(UnlearnContext& context, int64_t step) = 0;
};

// Every method name `forget --method` accepts (retrain runs through fine-tuning).
std::vector<std::string> method_names();

// The step-wise method of that name; throws for unknown names and for "retrain".
std::unique_ptr<Method> make_method(const std::string& name);

}  // namespace emoforget::unlearn
