// A store of targeted-PGD sets, so runs that would generate the same adversarial
// samples (adv and adv-ewc on one forget set; sweeps over lambda or the learning
// rate; reproduce's grid) generate them once. An entry is keyed by everything
// the attack depends on: the model's weights, the forget waveforms and labels,
// M, P, tau, sigma, the device and precision, and the state of the attack's
// random stream. Entries are safetensors files `pgd-<digest>.safetensors` that
// store their full key; a damaged or mismatching entry is regenerated with a
// warning, never trusted.
#pragma once

#include <filesystem>
#include <string>

#include "unlearn/pgd.h"

namespace emoforget::unlearn {

struct CachedAdversarialSet {
  AdversarialSet set;
  std::string status;  // "hit", "stored" (generated and saved)
  std::filesystem::path file;
};

// The adversarial set for these inputs: read from `cache_dir` when a matching
// entry exists, else generated with generate_adversarial_set(..., rng) and
// stored there atomically. `rng` is used only when generating.
CachedAdversarialSet cached_adversarial_set(const std::filesystem::path& cache_dir,
                                            model::SequenceClassifier& model,
                                            const torch::Tensor& waves,
                                            const torch::Tensor& lengths,
                                            const torch::Tensor& labels, const PgdConfig& config,
                                            Rng rng, const train::DeviceConfig& device);

}  // namespace emoforget::unlearn
