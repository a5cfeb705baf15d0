// The loop every step-wise method shares (paper Section 3.2: Adam, `epochs` passes):
// prepare once, then each epoch draw the batch order and train on the method's
// step losses through train::run_epoch_steps.
#include <torch/torch.h>

#include "common/error.h"
#include "common/stopwatch.h"
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
  const int64_t steps = steps_per_epoch(context);
  const int epochs = config.settings.epochs;
  context.report.batch = config.run.batch;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    torch::manual_seed(context.rng->next_u64());
    begin_epoch(context);
    context.model->train();
    train::StepLoopOptions loop;
    loop.label = "unlearn " + std::to_string(epoch) + "/" + std::to_string(epochs);
    loop.what = "unlearning";
    loop.epoch = epoch;
    loop.device = config.run.device;
    const double loss = train::run_epoch_steps(
        optimizer, trainable, steps,
        [&](int64_t step) {
          return train::StepLoss{step_loss(context, step), 1.0};
        },
        loop);
    context.report.epochs.push_back({epoch, loss, steps});
    context.report.steps += steps;
  }
  context.report.train_seconds = seconds_since(start);
}

}  // namespace emoforget::unlearn
