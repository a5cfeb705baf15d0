#include "train/step_loop.h"

#include <cmath>
#include <csignal>
#include <cstdio>

#include "common/error.h"
#include "common/interrupt.h"
#include "common/progress.h"
#include "common/stopwatch.h"
#include "train/fused_adam.h"

namespace emoforget::train {

namespace {

// Clips the global gradient norm; FusedAdam folds the coefficient into its update instead of
// a pass over every gradient (the same update, one memory pass fewer).
void clip_gradients(torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& trainable,
                    double max_norm) {
  if (auto* fused = dynamic_cast<FusedAdam*>(&optimizer)) {
    fused->clip_grad_norm(trainable, max_norm);
  } else {
    torch::nn::utils::clip_grad_norm_(trainable, max_norm);
  }
}

}  // namespace

double run_epoch_steps(torch::optim::Optimizer& optimizer,
                       const std::vector<torch::Tensor>& trainable, int64_t steps,
                       const std::function<StepLoss(int64_t step)>& step_loss,
                       const StepLoopOptions& options) {
  const auto start = Clock::now();
  double loss_sum = 0.0;
  double weight_sum = 0.0;
  Progress progress(options.label, steps, "step");
  for (int64_t step = 0; step < steps; ++step) {
    const auto where = [&] {
      return options.what + " (" + options.label + ", step " + std::to_string(step + 1) + " of " +
             std::to_string(steps) + ")";
    };
    if (options.sync == nullptr && interrupt_signal() != 0) throw_if_interrupted(where());
    // Gradients start undefined at every step, as PyTorch's zero_grad(set_to_none=True)
    // leaves them: a layer LayerDrop skipped gets no Adam update, in a resumed process
    // as in an uninterrupted one.
    for (auto& group : optimizer.param_groups())
      for (auto& p : group.params())
        p.mutable_grad() = torch::Tensor();
    StepLoss result;
    {
      AutocastGuard autocast(options.device);
      result = step_loss(step);
    }
    double value = 0.0;
    if (options.sync != nullptr) {
      double local = 0.0;
      if (result.loss.defined()) {
        result.loss.backward();
        local = result.loss.item<double>();
      }
      bool stop = interrupt_signal() != 0;
      value = options.sync->reduce(result.weight, local, &stop) / result.weight;
      if (stop) {
        if (interrupt_signal() == 0) request_interrupt(SIGTERM);  // another rank's
        throw_if_interrupted(where());
      }
    } else {
      result.loss.backward();
    }
    if (options.before_update) options.before_update();
    if (options.max_grad_norm > 0) clip_gradients(optimizer, trainable, options.max_grad_norm);
    if (options.lr_at) {
      const double lr = options.lr_at(step);
      for (auto& group : optimizer.param_groups())
        group.options().set_lr(lr);
    }
    optimizer.step();
    if (options.sync == nullptr) value = result.loss.item<double>();
    if (!std::isfinite(value)) {
      throw DivergedError(options.what + " diverged at epoch " + std::to_string(options.epoch) +
                          " step " + std::to_string(step + 1) + " (loss " + std::to_string(value) +
                          "); lower --lr");
    }
    loss_sum += value * result.weight;
    weight_sum += result.weight;
    char fields[96];
    if (options.rate_unit.empty()) {
      std::snprintf(fields, sizeof fields, "loss %.4f", loss_sum / weight_sum);
    } else {
      std::snprintf(fields, sizeof fields, "loss %.4f %.1f %s", loss_sum / weight_sum,
                    weight_sum / seconds_since(start), options.rate_unit.c_str());
    }
    progress.advance(1, fields);
    if (options.after_step && options.after_step(step)) break;
  }
  progress.finish();
  return weight_sum > 0 ? loss_sum / weight_sum : 0.0;
}

}  // namespace emoforget::train
