// The training step loop that fine-tuning and unlearning share: for each step of
// an epoch, zero the gradients, compute the step's loss (under bf16 autocast when
// asked), back-propagate, clip the gradient norm, set the step's learning rate,
// update (any optimiser), and stop with a clear message when the loss is not finite. A progress
// bar shows the running mean loss and the throughput.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "common/error.h"
#include "distributed/gradient_sync.h"
#include "train/device.h"

namespace emoforget::train {

// The loss of one step and how much it weighs in the epoch's mean loss (the
// batch's sample count, or 1 for a mean over steps).
struct StepLoss {
  torch::Tensor loss;
  double weight = 1.0;
};

struct StepLoopOptions {
  std::string label;         // progress label, e.g. "epoch 3/20"
  std::string what;          // what diverges: "training" | "unlearning"
  int epoch = 1;             // for the divergence message
  double max_grad_norm = 0;  // clip the global gradient norm; 0 = off
  // The learning rate of a step (0-based within the epoch); empty = leave it as set.
  std::function<double(int64_t step)> lr_at;
  std::string rate_unit;  // progress throughput of the weights, e.g. "utt/s"; "" = none
  DeviceConfig device;
  // Data-parallel: each step's loss is this rank's *summed* loss (undefined when its
  // shard is empty) and its weight the global sample count; the gradients are summed
  // over ranks and divided by it before clipping, and every rank stops together.
  distributed::GradientSync* sync = nullptr;
  // Called with the step's full gradients, before clipping and the update (a mask).
  std::function<void()> before_update;
  // Called after each step's update (0-based step); true ends the epoch there. Every rank
  // must answer the same.
  std::function<bool(int64_t step)> after_step;
};

// A step's loss was not finite (what a caller may roll back from).
class DivergedError : public Error {
 public:
  using Error::Error;
};

// Runs `steps` steps (fewer when `after_step` ends the epoch); returns the weighted mean
// loss of the steps run. Throws DivergedError at the first step whose loss is not finite.
double run_epoch_steps(torch::optim::Optimizer& optimizer,
                       const std::vector<torch::Tensor>& trainable, int64_t steps,
                       const std::function<StepLoss(int64_t step)>& step_loss,
                       const StepLoopOptions& options);

}  // namespace emoforget::train
