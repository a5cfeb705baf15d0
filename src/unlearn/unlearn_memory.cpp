#include "unlearn/unlearn_memory.h"

#include <algorithm>

#include <torch/torch.h>

#include "model/config.h"

namespace emoforget::unlearn {

train::MemoryEstimate estimate_unlearning_memory(const UnlearnConfig& config,
                                                 const MethodInfo& info,
                                                 const UnlearnSizes& sizes) {
  const model::ModelConfig model =
      model::ModelConfig::from_file((config.model_dir / "config.json").string());
  const int64_t samples = static_cast<int64_t>(config.run.audio().max_samples());
  const int models = 1 + (info.needs_fisher ? 2 : 0);  // + θ* and the Fisher
  train::MemoryEstimate e = train::base_estimate(model, models, true);
  // A forget batch and its paired batch, and a batch of held-out clips with --lambda-heldout.
  const bool holds = config.settings.variant_for(info).lambda_heldout > 0.0;
  const int64_t step_batch = (holds ? 3 : 2) * config.run.batch;
  e.activations = train::activation_bytes(model, step_batch, samples, train::Pass::kTraining);
  e.pass = "unlearning steps on " + train::batch_text(step_batch, config.run.max_seconds);
  int64_t clips = sizes.forget + sizes.remain + sizes.held_out;
  if (info.runs_pgd) {
    const PgdConfig& pgd = config.settings.pgd;
    const int64_t attacks = sizes.forget * pgd.m;
    const int64_t batches = (attacks + pgd.batch - 1) / pgd.batch;
    const int64_t parallel =
        config.run.device.torch_device().is_cpu()
            ? std::max<int64_t>(1, std::min<int64_t>(at::get_num_threads(), batches))
            : 1;
    const int64_t attack =
        parallel * train::activation_bytes(model, pgd.batch, samples, train::Pass::kInputGradient);
    if (attack > e.activations) {
      e.activations = attack;
      e.pass = "the PGD attack, " + std::to_string(parallel) + " x " +
               train::batch_text(pgd.batch, config.run.max_seconds);
    }
    clips += attacks;
  }
  e.data = clips * samples * static_cast<int64_t>(sizeof(float));
  return e;
}

}  // namespace emoforget::unlearn
