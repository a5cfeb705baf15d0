// Baseline "Ran. Lab." (paper Section 3.2 (ii)): train on the forget set with its
// random wrong labels only, L = CE(f(x_e), y_hat_e) (eq. 1).
#include "unlearn/method_support.h"

namespace emoforget::unlearn {

std::unique_ptr<Method> make_random_label_method() {
  return std::make_unique<ForgetSetMethod>([](UnlearnContext& c, const torch::Tensor& index) {
    return wrong_label_term(c, index, 1.0);
  });
}

}  // namespace emoforget::unlearn
