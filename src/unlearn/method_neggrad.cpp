// Baseline "NegGrad": gradient ascent on the forget set with its true labels,
// L = -CE(f(x_e), y_e).
#include "unlearn/method_support.h"

namespace emoforget::unlearn {

std::unique_ptr<Method> make_negative_gradient_method() {
  return std::make_unique<ForgetSetMethod>(
      [](UnlearnContext& c, const torch::Tensor& logits, const torch::Tensor& index) {
        return -cross_entropy(logits, rows_on_device(c, c.forget.labels, index));
      });
}

}  // namespace emoforget::unlearn
