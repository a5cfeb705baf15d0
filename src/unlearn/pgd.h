// Targeted PGD (paper Section 2.2.1, eq. 2): for each forget sample, M adversarial
// samples, each with its own target class != the true label; start at
// x_e + U(-tau, tau), then P steps x <- x - sigma * sign(grad_x CE(f(x), target)),
// each projected back into [x_e - tau, x_e + tau]. Only a clip's own samples are
// perturbed: its zero padding (beyond its length) stays zero. The model is in eval
// mode with parameter gradients off; the M*N attacks run in batches of `batch`.
#pragma once

#include <cstdint>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "common/rng.h"
#include "model/sequence_classifier.h"
#include "train/device.h"

namespace emoforget::unlearn {

struct PgdConfig {
  int64_t m = 20;      // adversarial samples per forget sample
  int64_t p = 50;      // PGD steps
  double tau = 0.3;    // L-inf radius around x_e (normalised-waveform units)
  double sigma = 0.0;  // step size; 0 = 2.5 * tau / p
  int64_t batch = 32;  // attacks per forward/backward pass (bounds memory)
  // One more forward per batch after the last step, for the success rate and the final
  // target loss; off (benchmarks only) leaves success_rate and final_target_ce at 0.
  bool measure_outcome = true;

  void validate() const;
  double resolved_sigma() const { return sigma > 0 ? sigma : 2.5 * tau / static_cast<double>(p); }
  nlohmann::json to_json() const;
};

struct AdversarialSet {
  torch::Tensor waves;           // (N*M, T) on the CPU; rows i*M .. i*M+M-1 come from sample i
  torch::Tensor targets;         // (N*M) int64 target classes
  double success_rate = 0.0;     // share classified as their target after the attack
  double start_target_ce = 0.0;  // mean target CE at the random start
  double final_target_ce = 0.0;  // mean target CE after P steps (both: measure_outcome)
};

// P targeted steps from `start` for a batch of inputs. `valid` (same shape as x_e,
// 1 on a clip's own samples, 0 on its padding; undefined = all valid) bounds the
// perturbation to tau * valid. All tensors on the model's device; returns the
// adversarial inputs (no grad). `start_loss`, when given, receives the summed target
// cross-entropy at the start (the first step's forward).
torch::Tensor targeted_pgd(model::SequenceClassifier& model, const torch::Tensor& x_e,
                           const torch::Tensor& start, const torch::Tensor& targets,
                           const PgdConfig& config, const torch::Tensor& valid = {},
                           double* start_loss = nullptr);

// (N, T) float mask of the samples before each clip's length (`lengths` (N) int64;
// undefined = every sample of every row).
torch::Tensor valid_sample_mask(const torch::Tensor& lengths, int64_t n, int64_t t);

// The whole adversarial set for forget samples `waves` (N, T) with true `labels` (N);
// `lengths` (N) are the clips' lengths before zero padding (undefined = T each).
AdversarialSet generate_adversarial_set(model::SequenceClassifier& model,
                                        const torch::Tensor& waves, const torch::Tensor& lengths,
                                        const torch::Tensor& labels, const PgdConfig& config,
                                        Rng& rng, const train::DeviceConfig& device);

}  // namespace emoforget::unlearn
