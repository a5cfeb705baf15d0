// Small pieces the unlearning methods share: moving a batch to the device, one
// forward pass over two batches at once, and the walk over the forget set alone
// that the forget-set-only baselines train on.
#pragma once

#include <functional>
#include <utility>

#include <torch/torch.h>

#include "unlearn/batch_order.h"
#include "unlearn/method.h"

namespace emoforget::unlearn {

inline torch::Device context_device(const UnlearnContext& context) {
  return context.config->run.device.torch_device();
}

// Rows `index` of a CPU tensor, on the run's device.
inline torch::Tensor rows_on_device(const UnlearnContext& context, const torch::Tensor& source,
                                    const torch::Tensor& index) {
  return source.index_select(0, index).to(context_device(context));
}

inline torch::Tensor cross_entropy(const torch::Tensor& logits, const torch::Tensor& labels) {
  return torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), labels);
}

// Logits of `a` and of `b` from a single forward pass over both.
inline std::pair<torch::Tensor, torch::Tensor> joint_logits(UnlearnContext& context,
                                                            const torch::Tensor& a,
                                                            const torch::Tensor& b) {
  const torch::Tensor logits = context.model->forward(torch::cat({a, b}));
  return {logits.slice(0, 0, a.size(0)), logits.slice(0, a.size(0))};
}

// The loss of a batch of the forget set from its logits and its rows (`index`).
using ForgetBatchLoss = std::function<torch::Tensor(
    UnlearnContext& context, const torch::Tensor& logits, const torch::Tensor& index)>;

// A method that walks the forget set alone in shuffled batches and trains on
// `loss` (the forget-set-only baselines).
class ForgetSetMethod : public StepwiseMethod {
 public:
  explicit ForgetSetMethod(ForgetBatchLoss loss) : loss_(std::move(loss)) {}
  void prepare(UnlearnContext& context) override {
    forget_ = BatchOrder(context.forget.size(), context.config->run.batch);
  }
  int64_t steps_per_epoch(const UnlearnContext&) const override { return forget_.steps(); }
  void begin_epoch(UnlearnContext& context) override { forget_.shuffle(*context.rng); }
  torch::Tensor step_loss(UnlearnContext& context, int64_t step) override {
    const torch::Tensor index = forget_.batch_indices(step);
    return loss_(context,
                 context.model->forward(rows_on_device(context, context.forget.waves, index)),
                 index);
  }

 private:
  ForgetBatchLoss loss_;
  BatchOrder forget_;
};

}  // namespace emoforget::unlearn
