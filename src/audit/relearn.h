// The relearning probe: how fast does a model get the forgotten utterances back
// when it is trained a little on data it may keep? A model that only hides what it
// learnt (its weights still carry it) relearns the forget set within a few steps; a
// model that never saw it (the retrained reference) climbs as slowly as on any
// unseen speech. Train `steps` steps of `batch` clips at the model's fine-tuning
// learning rate on a random `share` of the remain set, and score the forget set's
// UAR every `every` steps (step 0 included).
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/sequence_classifier.h"
#include "train/device.h"
#include "train/labeled_audio.h"

namespace emoforget::audit {

struct RelearnConfig {
  int64_t steps = 50;
  int64_t batch = 16;
  double share = 0.1;  // of the remain set
  int64_t every = 10;
  double lr = 0.0;  // the fine-tuning lr of the original model (audit resolves it)
  double max_grad_norm = 1.0;
  uint64_t seed = 0;  // the batch order (the same for every probed model)

  void validate() const;
  nlohmann::json to_json() const;
};

struct RelearnCurve {
  std::vector<int64_t> steps;
  std::vector<double> forget_uar;

  nlohmann::json to_json() const;
};

// Trains `model` in place (pass a copy you can lose) on `relearn_set` and returns its
// forget-set UAR curve. `score_batch` is the scoring batch size.
RelearnCurve relearn_probe(model::SequenceClassifier& model, const train::LabeledAudio& relearn_set,
                           const train::LabeledAudio& forget, const RelearnConfig& config,
                           int64_t score_batch, const train::DeviceConfig& device,
                           const std::string& label);

}  // namespace emoforget::audit
