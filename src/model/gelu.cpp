// Exact GELU with a contiguous-gradient backward (see gelu.h for why).
#include "model/gelu.h"

namespace emoforget::model {
namespace {

class GeluFunction : public torch::autograd::Function<GeluFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x) {
    ctx->save_for_backward({x});
    return at::gelu(x);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const torch::Tensor x = ctx->get_saved_variables()[0];
    const torch::Tensor grad = grad_outputs[0].contiguous();
    return {at::gelu_backward(grad, x.contiguous())};
  }
};

}  // namespace

torch::Tensor gelu_safe(const torch::Tensor& x) {
  return GeluFunction::apply(x);
}

}  // namespace emoforget::model
