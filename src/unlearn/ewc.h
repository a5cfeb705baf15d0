// Elastic weight consolidation (paper Section 2.2.2, eq. 4): the diagonal Fisher
// F_k = mean over forget samples of (dCE(f(x_e), y_hat_e)/dtheta_k)^2 at theta*,
// from per-sample gradients, and the penalty sum_k F_k (theta_k - theta*_k)^2.
// Beyond the paper (variant.h): MAS importance (L2UL: mean |d||f(x_e)||^2/dtheta_k|,
// label-free) in place of the Fisher, and the complement direction, which anchors
// 1 - F_k / max F instead, leaving the weights that matter most to the forget set free.
#pragma once

#include <string>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "model/sequence_classifier.h"
#include "train/device.h"
#include "unlearn/variant.h"

namespace emoforget::unlearn {

// "none": the paper's Fisher as computed. "mean": scaled so its mean over all
// parameters is 1, which makes lambda_ewc comparable across models (the raw
// Fisher's scale depends on how confident the model is).
enum class FisherNormalization { kNone, kMean };
FisherNormalization parse_fisher_normalization(const std::string& text);
std::string to_string(FisherNormalization normalization);

// What a Fisher looks like, for the report.
struct FisherSummary {
  std::string measure = "fisher";
  std::string direction = "important";
  std::string normalization;
  double raw_mean = 0.0;
  double max_after_normalization = 0.0;
  int64_t parameters = 0;

  nlohmann::json to_json() const;
};

struct Fisher {
  std::vector<torch::Tensor> values;      // one per trainable parameter, same shape
  std::vector<torch::Tensor> theta_star;  // the parameters before unlearning (detached copies)
  double raw_mean = 0.0;                  // mean of F before normalisation
  FisherNormalization normalization = FisherNormalization::kNone;
  ImportanceMeasure measure = ImportanceMeasure::kFisher;
  AnchorDirection direction = AnchorDirection::kImportant;

  FisherSummary summary() const;
};

// Trainable parameters (requires_grad) in registration order: the ones EWC covers.
std::vector<torch::Tensor> trainable_parameters(model::SequenceClassifier& model);

// Which importance, anchoring which weights, scaled how.
struct AnchorOptions {
  ImportanceMeasure measure = ImportanceMeasure::kFisher;
  AnchorDirection direction = AnchorDirection::kImportant;
  FisherNormalization normalization = FisherNormalization::kNone;
};

// Per-sample squared gradients (Fisher; `labels` are the targets) or absolute
// gradients of the squared output norm (MAS; labels unused) averaged over the samples
// (model in eval mode), then turned to the complement when asked, then normalised.
Fisher compute_fisher(model::SequenceClassifier& model, const torch::Tensor& waves,
                      const torch::Tensor& labels, const AnchorOptions& options,
                      const train::DeviceConfig& device);
// The paper's Fisher.
inline Fisher compute_fisher(model::SequenceClassifier& model, const torch::Tensor& waves,
                             const torch::Tensor& labels, FisherNormalization normalization,
                             const train::DeviceConfig& device) {
  AnchorOptions options;
  options.normalization = normalization;
  return compute_fisher(model, waves, labels, options, device);
}

// sum_k F_k (theta_k - theta*_k)^2 over the model's trainable parameters.
torch::Tensor ewc_penalty(model::SequenceClassifier& model, const Fisher& fisher);

}  // namespace emoforget::unlearn
