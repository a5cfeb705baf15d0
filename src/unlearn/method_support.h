// Small pieces the unlearning methods share: moving a batch to the device, the
// cross-entropy in float32, and the walk over the forget set alone that the
// forget-set-only baselines train on.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "unlearn/batch_order.h"
#include "unlearn/held_out_distillation.h"
#include "unlearn/method.h"
#include "unlearn/step_terms.h"

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

// The wrong-label term of the forget set's rows `index` at `weight`: CE to the wrong labels,
// or (--wrong-labels soft) KL to the soft wrong targets instead.
inline MeanTerm wrong_label_term(UnlearnContext& context, const torch::Tensor& index,
                                 double weight) {
  MeanTerm term{&context.forget.waves, &context.wrong_labels, index, weight};
  if (context.wrong_targets.defined()) {
    term.weight = 0.0;
    term.teacher = &context.wrong_targets;
    term.weight_kl = weight;
  }
  if (context.lower_true_class) {
    term.labels = &context.forget.labels;
    term.hinge = true;
  }
  return term;
}

// The loss term of a batch of the forget set (its rows `index`).
using ForgetBatchTerm =
    std::function<MeanTerm(UnlearnContext& context, const torch::Tensor& index)>;

// A method that walks the forget set alone in shuffled batches and trains on
// `term` (the forget-set-only baselines).
class ForgetSetMethod : public StepwiseMethod {
 public:
  explicit ForgetSetMethod(ForgetBatchTerm term) : term_(std::move(term)) {}
  void prepare(UnlearnContext& context) override {
    forget_ = BatchOrder(context.forget.size(), context.config->run.batch);
    hold_.prepare(context);
  }
  int64_t steps_per_epoch(const UnlearnContext&) const override { return forget_.steps(); }
  void begin_epoch(UnlearnContext& context) override {
    forget_.shuffle(*context.rng);
    hold_.begin_epoch();
  }
  torch::Tensor step_loss(UnlearnContext& context, int64_t step) override {
    std::vector<MeanTerm> terms = {term_(context, forget_.batch_indices(step))};
    hold_.add_term(context, step, terms);
    return mean_terms_loss(context, terms);
  }

 private:
  ForgetBatchTerm term_;
  BatchOrder forget_;
  HeldOutDistillation hold_;  // --lambda-heldout
};

}  // namespace emoforget::unlearn
