// The interface every unlearning method implements, and the factory that picks
// one by name (method_registry.cpp, with the descriptors of method_info.h). A
// method gets the context (the trained model, the forget set with its true and
// random wrong labels, the remain set when its descriptor reads it) and leaves the
// unlearned model in it, with a typed report of what it did. Step-wise methods
// give the loss of each training step (paper eq. 5 and the baselines) and share
// one loop (unlearn_steps.cpp); retrain runs a whole fine-tuning instead.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "common/rng.h"
#include "data/manifest.h"
#include "model/sequence_classifier.h"
#include "train/labeled_audio.h"
#include "unlearn/ewc.h"
#include "unlearn/method_info.h"
#include "unlearn/pgd.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

// What the targeted-PGD attack produced (paper Section 2.2.1).
struct AttackSummary {
  int64_t samples = 0;
  double success_rate = 0.0;
  double start_target_ce = 0.0;
  double final_target_ce = 0.0;
  std::string cache_status = "off";  // off | hit | stored
  std::string cache_file;

  nlohmann::json to_json() const;
};

// One unlearning epoch (mean step loss, optimiser steps taken).
struct EpochLoss {
  int epoch = 0;
  double loss = 0.0;
  int64_t steps = 0;
};

// What a method did, beside the model it leaves in the context.
struct MethodReport {
  std::optional<AttackSummary> adversarial;
  std::optional<FisherSummary> fisher;
  std::vector<EpochLoss> epochs;      // step-wise methods
  int64_t steps = 0;                  // optimiser steps in all (retrain: its fine-tuning's)
  int64_t steps_per_epoch = 0;        // step-wise methods: a whole epoch's steps
  int64_t batch = 0;                  // samples per step
  std::optional<double> pgd_seconds;  // the attack (or reading it from the cache)
  std::optional<double> fisher_seconds;
  double train_seconds = 0.0;
  std::optional<nlohmann::json> saliency;   // --saliency: the mask's size
  std::optional<nlohmann::json> stopping;   // --until: the checks and the epoch it stopped at
  std::optional<nlohmann::json> attribute;  // attribute unlearning: what was removed
  std::optional<nlohmann::json> finetune;   // retrain: the fine-tuning's own report
  std::string recipe;                       // retrain: where its recipe came from
};

struct UnlearnContext {
  model::SequenceClassifier model{nullptr};  // f; the method turns it into the unlearned model
  const UnlearnConfig* config = nullptr;
  const data::Manifest* manifest = nullptr;
  std::vector<const data::Utterance*> forget_utts;
  train::LabeledAudio forget;  // the forget set with its true labels
  torch::Tensor wrong_labels;  // (N) fixed random wrong labels (Section 2.1)
  // (N, C) soft wrong labels (--wrong-labels soft; wrong_labels then holds their argmax,
  // the nearest); undefined otherwise.
  torch::Tensor wrong_targets;
  // --wrong-labels lower: the forget term lowers each sample's true class alone
  // (true_class_hinge.h; wrong_labels then holds the nearest labels, for the Fisher).
  bool lower_true_class = false;
  train::LabeledAudio remain;  // only for methods whose descriptor reads the remain set
  // A held-out split the stopping rule may score (--until heldout) and the distillation on
  // it reads (--lambda-heldout), and its name.
  const train::LabeledAudio* held_out = nullptr;
  std::string held_out_split;
  std::optional<AdversarialSet> adversarial;
  std::optional<Fisher> fisher;
  Rng* rng = nullptr;
  MethodReport report;
};

class Method {
 public:
  virtual ~Method() = default;
  // Unlearns: leaves the unlearned model in context.model and fills context.report.
  virtual void run(UnlearnContext& context) = 0;
};

// A method trained step by step on losses it defines; the loop (optimiser, epochs,
// progress, divergence check) is shared.
class StepwiseMethod : public Method {
 public:
  void run(UnlearnContext& context) override;
  // One-off work before training (the attack, the Fisher), timed into the report.
  virtual void prepare(UnlearnContext& /*context*/) {}
  virtual int64_t steps_per_epoch(const UnlearnContext& context) const = 0;
  // Called at the start of every epoch (draws the epoch's batch order).
  virtual void begin_epoch(UnlearnContext& context) = 0;
  // The loss of step `step` (0-based within the epoch).
  virtual torch::Tensor step_loss(UnlearnContext& context, int64_t step) = 0;
};

// The method of that name; throws naming the known methods for unknown names.
std::unique_ptr<Method> make_method(const std::string& name);

}  // namespace emoforget::unlearn
