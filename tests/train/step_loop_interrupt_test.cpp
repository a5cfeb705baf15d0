// A signal during a step lets that step finish (its update applied) and stops the loop
// before the next one: the weights are those of a loop of exactly that many steps.
#include <signal.h>

#include <gtest/gtest.h>

#include "common/interrupt.h"
#include "train/step_loop.h"

namespace emoforget::train {
namespace {

struct Toy {
  torch::nn::Linear layer{nullptr};
  std::unique_ptr<torch::optim::Adam> optimizer;
  Toy() {
    torch::manual_seed(3);
    layer = torch::nn::Linear(4, 2);
    optimizer =
        std::make_unique<torch::optim::Adam>(layer->parameters(), torch::optim::AdamOptions(0.1));
  }
  StepLoss loss(int64_t step) {
    const torch::Tensor x = torch::full({3, 4}, static_cast<double>(step + 1));
    return {layer->forward(x).square().mean(), 1.0};
  }
};

TEST(StepLoopInterrupt, TheStepUnderwayFinishesAndTheNextDoesNotStart) {
  StepLoopOptions options;
  options.label = "epoch 1/1";
  options.what = "training";
  Toy whole;
  run_epoch_steps(
      *whole.optimizer, whole.layer->parameters(), 3,
      [&](int64_t step) { return whole.loss(step); }, options);

  Toy stopped;
  int64_t calls = 0;
  try {
    run_epoch_steps(
        *stopped.optimizer, stopped.layer->parameters(), 10,
        [&](int64_t step) {
          ++calls;
          if (step == 2) request_interrupt(SIGINT);  // Ctrl-C during step 3
          return stopped.loss(step);
        },
        options);
    FAIL() << "the loop ran to its end";
  } catch (const Interrupted& e) {
    EXPECT_EQ(std::string(e.what()),
              "interrupted by SIGINT during training (epoch 1/1, step 4 of 10)");
  }
  clear_interrupt();
  EXPECT_EQ(calls, 3);
  EXPECT_TRUE(torch::equal(stopped.layer->weight, whole.layer->weight));
  EXPECT_TRUE(torch::equal(stopped.layer->bias, whole.layer->bias));
}

}  // namespace
}  // namespace emoforget::train
