// The loop every step-wise method shares (paper Section 3.2: Adam, `epochs` passes):
// prepare once, then each epoch draw the batch order and train on the method's
// step losses through train::run_epoch_steps.
#include <torch/torch.h>

#include "common/error.h"
#include "common/rng.h"
#include "common/stopwatch.h"
#include "distributed/gradient_sync.h"
#include "distributed/world.h"
#include "train/fused_adam.h"
#include "train/step_loop.h"
#include "unlearn/method.h"

namespace emoforget::unlearn {

void StepwiseMethod::run(UnlearnContext& context) {
  const UnlearnConfig& config = *context.config;
  prepare(context);
  const auto start = Clock::now();
  std::vector<torch::Tensor> trainable = trainable_parameters(context.model);
  if (!(config.settings.lr > 0))
    throw Error("unlearning: the learning rate is not resolved (got " +
                std::to_string(config.settings.lr) + ")");
  train::FusedAdam optimizer(trainable, torch::optim::AdamOptions(config.settings.lr));
  // Data-parallel over the run's ranks: each step's terms are shared out (step_terms.h).
  distributed::Group& group = distributed::world();
  std::unique_ptr<distributed::GradientSync> sync;
  if (group.size() > 1) sync = std::make_unique<distributed::GradientSync>(group, trainable);
  const int64_t steps = steps_per_epoch(context);
  const int epochs = config.settings.epochs;
  context.report.batch = config.run.batch;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    // Each step reseeds LibTorch from (epoch, step): dropout draws the same on every rank
    // and for any rank count.
    const uint64_t epoch_seed = context.rng->next_u64();
    begin_epoch(context);
    context.model->train();
    train::StepLoopOptions loop;
    loop.label = "unlearn " + std::to_string(epoch) + "/" + std::to_string(epochs);
    loop.what = "unlearning";
    loop.epoch = epoch;
    loop.device = config.run.device;
    loop.sync = sync.get();
    const double loss = train::run_epoch_steps(
        optimizer, trainable, steps,
        [&](int64_t step) {
          torch::manual_seed(Rng(epoch_seed).fork(static_cast<uint64_t>(step)).next_u64());
          // Each term is a mean over its whole batch: the ranks' parts sum to the loss.
          return train::StepLoss{step_loss(context, step), 1.0};
        },
        loop);
    context.report.epochs.push_back({epoch, loss, steps});
    context.report.steps += steps;
  }
  context.report.train_seconds = seconds_since(start);
}

}  // namespace emoforget::unlearn
