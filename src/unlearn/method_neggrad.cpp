// Baseline "NegGrad": gradient ascent on the forget set with its true labels,
// L = -CE(f(x_e), y_e).
#include "unlearn/batch_order.h"
#include "unlearn/method_support.h"

namespace emoforget::unlearn {
namespace {

class NegativeGradientMethod : public Method {
 public:
  std::string name() const override { return "neggrad"; }
  void prepare(UnlearnContext& context) override {
    forget_ = BatchOrder(context.forget.size(), context.config->batch);
  }
  int64_t steps_per_epoch(const UnlearnContext&) const override { return forget_.steps(); }
  void begin_epoch(UnlearnContext& context) override { forget_.shuffle(*context.rng); }
  torch::Tensor step_loss(UnlearnContext& context, int64_t step) override {
    const torch::Tensor index = forget_.batch_indices(step);
    const torch::Tensor logits =
        context.model->forward(rows_on_device(context, context.forget.waves, index));
    return -cross_entropy(logits, rows_on_device(context, context.forget.labels, index));
  }

 private:
  BatchOrder forget_;
};

}  // namespace

std::unique_ptr<Method> make_neggrad_method() {
  return std::make_unique<NegativeGradientMethod>();
}

}  // namespace emoforget::unlearn
