// SalUn's weight saliency computed from the forget set alone: the gradient of the
// forget set's cross-entropy (true labels) at the trained weights, and a mask that
// keeps the `share` of weights with the largest |gradient| over the whole model (one
// threshold for all parameters, as SalUn's). Unlearning then updates only those
// weights: the others keep their trained values exactly.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "model/sequence_classifier.h"
#include "train/device.h"

namespace emoforget::unlearn {

struct SaliencyMask {
  std::vector<torch::Tensor> masks;  // one per trainable parameter: 1 = updated, 0 = frozen
  double share = 1.0;                // asked for
  int64_t kept = 0;                  // weights updated
  int64_t weights = 0;               // weights in all

  // Zeroes the gradients of the frozen weights (undefined gradients stay undefined).
  void apply(const std::vector<torch::Tensor>& parameters) const;
  nlohmann::json to_json() const;
};

// The mask of `share` in (0, 1] for `parameters` (the model's trainable ones, in
// order), from the summed gradient of CE(f(waves), labels) in eval mode over batches
// of `batch` (dealt to the run's ranks and summed).
SaliencyMask saliency_mask(model::SequenceClassifier& model,
                           const std::vector<torch::Tensor>& parameters, const torch::Tensor& waves,
                           const torch::Tensor& labels, double share, int64_t batch,
                           const train::DeviceConfig& device);

}  // namespace emoforget::unlearn
