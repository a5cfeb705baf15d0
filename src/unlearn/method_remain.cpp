// Baseline "Remain. Unl." (paper Section 3.2 (i)): random relabelling plus the
// remain set, L = L_mis + CE(f(x_r), y_r): it reads D_r, which unlearning from the
// forget set alone cannot. An
// epoch walks the remain set, each batch paired with forget samples (cycled).
#include "unlearn/method_support.h"
#include "unlearn/step_terms.h"

namespace emoforget::unlearn {
namespace {

class RemainSetMethod : public StepwiseMethod {
 public:
  void prepare(UnlearnContext& context) override {
    walk_ = PairedWalk(context.remain.size(), context.forget.size(), context.config->run.batch);
    hold_.prepare(context);
  }
  int64_t steps_per_epoch(const UnlearnContext&) const override { return walk_.steps(); }
  void begin_epoch(UnlearnContext& context) override {
    walk_.shuffle(*context.rng);
    hold_.begin_epoch();
  }
  torch::Tensor step_loss(UnlearnContext& context, int64_t step) override {
    std::vector<MeanTerm> terms = {
        wrong_label_term(context, walk_.forget_indices(step), 1.0),
        {&context.remain.waves, &context.remain.labels, walk_.set_indices(step), 1.0}};
    hold_.add_term(context, step, terms);
    return mean_terms_loss(context, terms);
  }

 private:
  PairedWalk walk_;           // the remain set, paired with forget samples
  HeldOutDistillation hold_;  // --lambda-heldout
};

}  // namespace

std::unique_ptr<Method> make_remain_method() {
  return std::make_unique<RemainSetMethod>();
}

}  // namespace emoforget::unlearn
