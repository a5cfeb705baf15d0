// Baseline "Ran. Lab." (paper Section 3.2 (ii)): train on the forget set with its
// random wrong labels only, L = CE(f(x_e), y_hat_e) (eq. 1).
#include "unlearn/batch_order.h"
#include "unlearn/method_support.h"

namespace emoforget::unlearn {
namespace {

class RandomLabelMethod : public Method {
 public:
  std::string name() const override { return "ranlab"; }
  int64_t steps_per_epoch(const UnlearnContext&) const override { return forget_.steps(); }
  void prepare(UnlearnContext& context) override {
    forget_ = BatchOrder(context.forget.size(), context.config->batch);
  }
  void begin_epoch(UnlearnContext& context) override { forget_.shuffle(*context.rng); }
  torch::Tensor step_loss(UnlearnContext& context, int64_t step) override {
    const torch::Tensor index = forget_.batch_indices(step);
    const torch::Tensor logits =
        context.model->forward(rows_on_device(context, context.forget.waves, index));
    return cross_entropy(logits, rows_on_device(context, context.wrong_labels, index));
  }

 private:
  BatchOrder forget_;
};

}  // namespace

std::unique_ptr<Method> make_ranlab_method() {
  return std::make_unique<RandomLabelMethod>();
}

}  // namespace emoforget::unlearn
