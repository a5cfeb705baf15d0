// Baseline "Remain. Unl." (paper Section 3.2 (i)): random relabelling plus the
// remain set, L = L_mis + CE(f(x_r), y_r). The only method that reads D_r. An
// epoch walks the remain set, each batch paired with forget samples (cycled).
#include "unlearn/batch_order.h"
#include "unlearn/method_support.h"

namespace emoforget::unlearn {
namespace {

class RemainSetMethod : public Method {
 public:
  std::string name() const override { return "remain"; }
  bool reads_remain_set() const override { return true; }
  void prepare(UnlearnContext& context) override {
    const int64_t batch = context.config->batch;
    remain_ = BatchOrder(context.remain.size(), batch);
    forget_ = BatchOrder(context.forget.size(), std::min(batch, context.forget.size()));
  }
  int64_t steps_per_epoch(const UnlearnContext&) const override { return remain_.steps(); }
  void begin_epoch(UnlearnContext& context) override {
    remain_.shuffle(*context.rng);
    forget_.shuffle(*context.rng);
  }
  torch::Tensor step_loss(UnlearnContext& context, int64_t step) override {
    const torch::Tensor remain_index = remain_.batch_indices(step);
    const torch::Tensor forget_index = forget_.cycled_indices(step);
    const auto [forget_logits, remain_logits] =
        joint_logits(context, rows_on_device(context, context.forget.waves, forget_index),
                     rows_on_device(context, context.remain.waves, remain_index));
    return cross_entropy(forget_logits,
                         rows_on_device(context, context.wrong_labels, forget_index)) +
           cross_entropy(remain_logits,
                         rows_on_device(context, context.remain.labels, remain_index));
  }

 private:
  BatchOrder remain_;
  BatchOrder forget_;
};

}  // namespace

std::unique_ptr<Method> make_remain_method() {
  return std::make_unique<RemainSetMethod>();
}

}  // namespace emoforget::unlearn
