// The loop every step-wise method shares (paper Section 3.2: Adam, `epochs` passes):
// prepare once, then each epoch draw the batch order and train on the method's
// step losses through train::run_epoch_steps. The variant (variant.h) may swap Adam
// for SGD, restrict the updates to the forget set's salient weights and stop early
// (checked every --until-every steps).
#include <torch/torch.h>

#include "common/error.h"
#include "common/rng.h"
#include "common/stopwatch.h"
#include "distributed/gradient_sync.h"
#include "distributed/world.h"
#include "train/fused_adam.h"
#include "train/step_loop.h"
#include "unlearn/method.h"
#include "unlearn/saliency_mask.h"
#include "unlearn/stopping.h"

namespace emoforget::unlearn {
namespace {

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const Variant& variant,
                                                        const std::vector<torch::Tensor>& params,
                                                        double lr) {
  if (variant.optimizer == OptimizerKind::kSgd)
    return std::make_unique<torch::optim::SGD>(
        params, torch::optim::SGDOptions(lr).momentum(variant.momentum));
  return std::make_unique<train::FusedAdam>(params, torch::optim::AdamOptions(lr));
}

}  // namespace

void StepwiseMethod::run(UnlearnContext& context) {
  const UnlearnConfig& config = *context.config;
  const Variant variant = config.settings.variant_for(method_info(config.method));
  EarlyStop stop(variant.until, variant.until_every, context.held_out, context.held_out_split);
  if (stop.active()) stop.begin(context.model, config.run.batch, config.run.device);
  prepare(context);
  const auto start = Clock::now();
  std::vector<torch::Tensor> trainable = trainable_parameters(context.model);
  if (!(config.settings.lr > 0))
    throw Error("unlearning: the learning rate is not resolved (got " +
                std::to_string(config.settings.lr) + ")");
  const double lr = config.settings.lr * variant.lr_scale;
  std::unique_ptr<torch::optim::Optimizer> optimizer = make_optimizer(variant, trainable, lr);
  std::optional<SaliencyMask> mask;
  if (variant.saliency < 1.0) {
    mask = saliency_mask(context.model, trainable, context.forget.waves, context.forget.labels,
                         variant.saliency, config.run.batch, config.run.device);
    context.report.saliency = mask->to_json();
  }
  // Data-parallel over the run's ranks: each step's terms are shared out (step_terms.h).
  distributed::Group& group = distributed::world();
  std::unique_ptr<distributed::GradientSync> sync;
  if (group.size() > 1) sync = std::make_unique<distributed::GradientSync>(group, trainable);
  const int64_t steps = steps_per_epoch(context);
  const int epochs = config.settings.epochs;
  context.report.batch = config.run.batch;
  context.report.steps_per_epoch = steps;
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
    if (mask) loop.before_update = [&] { mask->apply(trainable); };
    int64_t done = 0;  // this epoch's steps
    loop.after_step = [&](int64_t step) {
      done = step + 1;
      return stop.after_step(context.model, context.forget, epoch, context.report.steps + done,
                             done == steps, config.run.batch, config.run.device);
    };
    const double loss = train::run_epoch_steps(
        *optimizer, trainable, steps,
        [&](int64_t step) {
          torch::manual_seed(Rng(epoch_seed).fork(static_cast<uint64_t>(step)).next_u64());
          // Each term is a mean over its whole batch: the ranks' parts sum to the loss.
          return train::StepLoss{step_loss(context, step), 1.0};
        },
        loop);
    context.report.epochs.push_back({epoch, loss, done});
    context.report.steps += done;
    if (stop.stopped_at_step() > 0) break;
  }
  if (stop.active()) context.report.stopping = stop.to_json();
  context.report.train_seconds = seconds_since(start);
}

}  // namespace emoforget::unlearn
