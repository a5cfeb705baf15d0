// Baseline "NegGrad": gradient ascent on the forget set with its true labels,
// L = -CE(f(x_e), y_e).
#include "unlearn/method_support.h"

namespace emoforget::unlearn {

std::unique_ptr<Method> make_negative_gradient_method() {
  return std::make_unique<ForgetSetMethod>([](UnlearnContext& c, const torch::Tensor& index) {
    return MeanTerm{&c.forget.waves, &c.forget.labels, index, -1.0};
  });
}

}  // namespace emoforget::unlearn
