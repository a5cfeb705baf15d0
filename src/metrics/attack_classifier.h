// The membership-inference attack model: a logistic regression (or a one-hidden-
// layer MLP) on standardised per-utterance features, fitted full-batch with Adam
// on binary cross-entropy. Weights are drawn from the project's seeded Rng, so a
// fit is reproducible and leaves LibTorch's global generator untouched.
#pragma once

#include <cstdint>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

namespace emoforget::metrics {

struct AttackClassifierConfig {
  int64_t hidden = 0;          // 0 = logistic regression; > 0 = MLP with this many ReLU units
  int epochs = 500;            // full-batch Adam steps
  double lr = 0.05;            // Adam learning rate
  double weight_decay = 1e-4;  // L2 penalty; keeps weights finite on separable data
  uint64_t seed = 0;           // initial weights

  void validate() const;
  nlohmann::json to_json() const;
};

class AttackClassifier {
 public:
  // Fits on `features` (N, F) float32 with `is_member` (N) (1 = member, 0 = non-member;
  // any numeric dtype). Features are standardised with the fitting set's mean and std.
  // Both classes must be present.
  static AttackClassifier fit(const torch::Tensor& features, const torch::Tensor& is_member,
                              const AttackClassifierConfig& config);

  // (N) probability that each row is a member.
  torch::Tensor member_probability(const torch::Tensor& features) const;
  // (N) bool: member_probability >= 0.5.
  torch::Tensor predict_member(const torch::Tensor& features) const;
  // Share of rows whose prediction equals `is_member`.
  double accuracy(const torch::Tensor& features, const torch::Tensor& is_member) const;

  int64_t num_features() const { return mean_.numel(); }
  // A logistic regression's weight vector (F) in the raw feature space (the direction
  // its decision moves along); throws for an MLP.
  torch::Tensor linear_direction() const;

 private:
  AttackClassifier(torch::nn::Sequential net, torch::Tensor mean, torch::Tensor scale);
  torch::Tensor standardise(const torch::Tensor& features) const;

  torch::nn::Sequential net_;
  torch::Tensor mean_;   // (F)
  torch::Tensor scale_;  // (F) std, 1 where a feature is constant
};

}  // namespace emoforget::metrics
