// A context for one step-wise unlearning method on a fixed mini model, forget set,
// wrong labels and remain set, where every set fits one batch (a step covers all of
// it), and the helpers the method tests share.
#pragma once

#include <gtest/gtest.h>

#include "support/mini_model.h"
#include "unlearn/method.h"
#include "unlearn/method_support.h"
#include "unlearn/relabel.h"

namespace emoforget::unlearn::testing_methods {

constexpr int64_t kForget = 3;
constexpr int64_t kSamples = 4000;  // 0.25 s at 16 kHz

inline std::vector<std::string> labels() {
  return {"anger", "fear", "joy"};
}

inline train::LabeledAudio random_set(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  train::LabeledAudio set;
  set.waves = torch::randn({n, kSamples});
  set.labels = torch::arange(n) % 3;
  set.lengths = torch::full({n}, kSamples, torch::kInt64);
  return set;
}

// A context on a fixed mini model, forget set, wrong labels and remain set; every
// set fits one batch, so a step covers all of it whatever the batch order.
struct Fixture {
  UnlearnConfig config;
  Rng rng{11};
  UnlearnContext context;

  explicit Fixture(const std::string& method) {
    config.method = method;
    config.settings.pgd.m = 2;
    config.settings.pgd.p = 2;
    config.settings.pgd.tau = 0.3;
    config.settings.lambda_mis = 0.3;
    config.settings.lambda_adv = 0.7;
    config.settings.lambda_ewc = 5.0;
    config.settings.fisher_norm = "mean";
    config.settings.epochs = 3;
    config.settings.lr = 1e-3;
    config.run.batch = 16;
    context.config = &config;
    context.rng = &rng;
    context.model = model::SequenceClassifier(testing::mini_model_config(labels()));
    context.model->init_weights(5);
    context.forget = random_set(kForget, 1);
    context.wrong_labels = random_wrong_labels(context.forget.labels, 3, rng);
    context.remain = random_set(6, 2);
  }
};

inline std::vector<torch::Tensor> copy_of_parameters(model::SequenceClassifier& model) {
  std::vector<torch::Tensor> copies;
  for (const auto& p : model->parameters())
    copies.push_back(p.detach().clone());
  return copies;
}

inline void set_parameters(model::SequenceClassifier& model,
                           const std::vector<torch::Tensor>& values) {
  torch::NoGradGuard no_grad;
  auto params = model->parameters();
  for (size_t i = 0; i < params.size(); ++i)
    params[i].copy_(values[i]);
}

// The step-wise method `made` is (a failure when it is not one).
inline StepwiseMethod* stepwise(const std::unique_ptr<Method>& made) {
  auto* method = dynamic_cast<StepwiseMethod*>(made.get());
  EXPECT_NE(method, nullptr);
  return method;
}

// The method's own objective: its loss on the one step of an epoch, without dropout.
inline double objective(StepwiseMethod& method, UnlearnContext& context) {
  torch::NoGradGuard no_grad;
  context.model->eval();
  method.begin_epoch(context);
  EXPECT_EQ(method.steps_per_epoch(context), 1);
  return method.step_loss(context, 0).item<double>();
}

}  // namespace emoforget::unlearn::testing_methods
