// Turns parameter gradients off for a scope (PGD attacks the input only), and
// restores each parameter's requires_grad afterwards.
#pragma once

#include <vector>

#include <torch/torch.h>

namespace emoforget::unlearn {

class ParameterGradGuard {
 public:
  explicit ParameterGradGuard(torch::nn::Module& module) : params_(module.parameters()) {
    for (auto& p : params_) {
      previous_.push_back(p.requires_grad());
      p.requires_grad_(false);
    }
  }
  ~ParameterGradGuard() {
    for (size_t i = 0; i < params_.size(); ++i)
      params_[i].requires_grad_(previous_[i]);
  }
  ParameterGradGuard(const ParameterGradGuard&) = delete;
  ParameterGradGuard& operator=(const ParameterGradGuard&) = delete;

 private:
  std::vector<torch::Tensor> params_;
  std::vector<bool> previous_;
};

}  // namespace emoforget::unlearn
