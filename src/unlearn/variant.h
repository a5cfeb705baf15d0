// How a step-wise unlearning method may depart from the paper (beyond Section 2):
// which weights the anchor penalty holds (importance measure and direction), the
// optimiser, distillation on the adversarial samples or on a held-out split, a forget-only
// saliency mask, the
// wrong labels the forget set is trained towards and the stopping rule. Each field is optional on
// the command line; an unset one takes the method's own default (method_info.h), else the paper's
// behaviour.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace emoforget::unlearn {

// How much each weight matters to the forget set.
enum class ImportanceMeasure {
  kFisher,  // paper eq. 4: mean squared gradient of CE(f(x_e), wrong label)
  kMas,     // L2UL/MAS: mean |gradient| of ||f(x_e)||^2, label-free
};
// Which weights the penalty anchors.
enum class AnchorDirection {
  kImportant,   // the paper's: F_k (theta_k - theta*_k)^2
  kComplement,  // L2UL's: (1 - F_k / max F) (theta_k - theta*_k)^2, forget-relevant weights free
};
enum class OptimizerKind { kAdam, kSgd };
// Which wrong label each forget sample is trained towards.
enum class WrongLabels {
  kRandom,   // the paper's eq. 1: uniform over the other classes
  kNearest,  // the original model's most probable class other than the true one (the
             // nearest decision boundary; Boundary Shrink, Chen et al. 2023)
  kSoft,     // the original model's distribution over the other classes (its true class's
             // probability removed, the rest renormalised): a soft wrong label
  kLower,    // none: the true class's score alone is lowered below the best other class's,
             // which takes no gradient, so no class is trained up (true_class_hinge.h)
};

// When to stop before the last epoch: never, when the forget set's UAR reaches 0 (the
// paper's goal: misclassify it), the model's UAR on a held-out split it may read (what
// never having trained on it looks like), or a given value.
struct StopRule {
  // kHeldOutConfidence compares the mean probability of the true label instead of UAR.
  enum class Kind { kNone, kZero, kHeldOut, kHeldOutConfidence, kValue };
  Kind kind = Kind::kNone;
  double value = 0.0;  // kValue

  // none | zero | heldout | heldout-confidence | 0..1
  static StopRule parse(const std::string& text);
  std::string text() const;
  bool reads_held_out() const { return kind == Kind::kHeldOut || kind == Kind::kHeldOutConfidence; }
};

// What a run was given; unset = the method's default.
struct VariantChoice {
  std::optional<std::string> importance;    // fisher | mas
  std::optional<std::string> anchor;        // important | complement
  std::optional<std::string> optimizer;     // adam | sgd
  std::optional<double> momentum;           // sgd
  std::optional<double> lambda_kl;          // weight of the distillation term; 0 = off
  std::optional<double> lambda_heldout;     // weight of distillation on --until-split; 0 = off
  std::optional<double> saliency;           // share of weights updated; 1 = all (off)
  std::optional<double> lr_scale;           // times the resolved learning rate; 1 = as is
  std::optional<std::string> wrong_labels;  // random | nearest
  std::optional<std::string> until;         // none | zero | heldout[-confidence] | VALUE
  std::optional<int> until_every;           // steps between the rule's checks; 0 = each epoch

  // Throws naming the flag of a bad value.
  void validate() const;
  // The fields that are set, by their JSON names.
  nlohmann::json to_json() const;
  // Command-line flags reproducing the fields that are set ("--importance", "mas", ...).
  std::vector<std::string> to_flags() const;
};

// A variant with every field resolved.
struct Variant {
  ImportanceMeasure importance = ImportanceMeasure::kFisher;
  AnchorDirection anchor = AnchorDirection::kImportant;
  OptimizerKind optimizer = OptimizerKind::kAdam;
  double momentum = 0.9;
  double lambda_kl = 0.0;
  double lambda_heldout = 0.0;
  double saliency = 1.0;
  double lr_scale = 1.0;
  WrongLabels wrong_labels = WrongLabels::kRandom;
  StopRule until;
  int until_every = 1;  // check the rule after every this many steps (0: after each epoch)

  bool is_paper() const;
  // Whether the run reads the held-out split (--until-split): the stopping rule or the
  // distillation on it.
  bool reads_held_out() const { return until.reads_held_out() || lambda_heldout > 0.0; }
  nlohmann::json to_json() const;
};

// `given`'s fields, else `method_defaults`' fields, else the paper's.
Variant resolve_variant(const VariantChoice& given, const VariantChoice& method_defaults);

std::string to_string(ImportanceMeasure measure);
std::string to_string(AnchorDirection direction);
std::string to_string(OptimizerKind kind);
std::string to_string(WrongLabels labels);

}  // namespace emoforget::unlearn
