#include "train/fused_adam.h"

#include <cmath>
#include <memory>
#include <string>

#include <ATen/Parallel.h>
#include <c10/util/string_utils.h>
#include <torch/csrc/autograd/variable.h>

namespace emoforget::train {
namespace {

bool dense_cpu_float(const torch::Tensor& t) {
  return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat32 &&
         t.layout() == torch::kStrided && t.is_contiguous();
}

struct Coefficients {
  float beta1, beta2, one_minus_beta1, one_minus_beta2, eps, weight_decay, step_size,
      bias_correction2_sqrt;
};

// One pass over [begin, end): g += wd * p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
// p += -step_size * m / (sqrt(v) / sqrt(bc2) + eps). Compiled for AVX-512, AVX2 and the
// baseline, chosen at load time by the CPU (this file is built with -fno-math-errno so that
// the square root vectorises). Elements are independent: the result does not depend on the
// split over threads.
__attribute__((target_clones("avx512f", "avx2", "default"))) void update_range(
    float* __restrict param, const float* __restrict grad, float* __restrict exp_avg,
    float* __restrict exp_avg_sq, int64_t begin, int64_t end, const Coefficients& c) {
  const float beta1 = c.beta1, beta2 = c.beta2, one_minus_beta1 = c.one_minus_beta1,
              one_minus_beta2 = c.one_minus_beta2, eps = c.eps, weight_decay = c.weight_decay,
              step_size = c.step_size, bias_correction2_sqrt = c.bias_correction2_sqrt;
  for (int64_t i = begin; i < end; ++i) {
    const float g = weight_decay != 0.0f ? grad[i] + weight_decay * param[i] : grad[i];
    const float m = exp_avg[i] * beta1 + one_minus_beta1 * g;
    const float v = exp_avg_sq[i] * beta2 + one_minus_beta2 * (g * g);
    exp_avg[i] = m;
    exp_avg_sq[i] = v;
    const float denom = std::sqrt(v) / bias_correction2_sqrt + eps;
    param[i] = param[i] + (-step_size) * (m / denom);
  }
}

void update(float* param, const float* grad, float* exp_avg, float* exp_avg_sq, int64_t n,
            const Coefficients& c) {
  at::parallel_for(0, n, 1 << 15, [&](int64_t begin, int64_t end) {
    update_range(param, grad, exp_avg, exp_avg_sq, begin, end, c);
  });
}

}  // namespace

bool FusedAdam::fusable() const {
  for (const auto& group : param_groups_) {
    if (static_cast<const torch::optim::AdamOptions&>(group.options()).amsgrad()) return false;
    for (const auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (!dense_cpu_float(p) || !dense_cpu_float(p.grad())) return false;
      const auto found = state_.find(c10::guts::to_string(p.unsafeGetTensorImpl()));
      if (found == state_.end()) continue;
      const auto& state = static_cast<const torch::optim::AdamParamState&>(*found->second);
      if (!dense_cpu_float(state.exp_avg()) || !dense_cpu_float(state.exp_avg_sq())) return false;
      if (state.exp_avg().numel() != p.numel() || state.exp_avg_sq().numel() != p.numel())
        return false;
    }
  }
  return true;
}

torch::Tensor FusedAdam::step(LossClosure closure) {
  if (!fusable()) return torch::optim::Adam::step(closure);
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure != nullptr) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    const double beta1 = std::get<0>(options.betas());
    const double beta2 = std::get<1>(options.betas());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& slot = state_[c10::guts::to_string(p.unsafeGetTensorImpl())];
      if (slot == nullptr) {
        auto fresh = std::make_unique<torch::optim::AdamParamState>();
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        slot = std::move(fresh);
      }
      auto& state = static_cast<torch::optim::AdamParamState&>(*slot);
      state.step(state.step() + 1);
      const double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(state.step()));
      const double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(state.step()));
      const Coefficients c{static_cast<float>(beta1),
                           static_cast<float>(beta2),
                           static_cast<float>(1 - beta1),
                           static_cast<float>(1 - beta2),
                           static_cast<float>(options.eps()),
                           static_cast<float>(options.weight_decay()),
                           static_cast<float>(options.lr() / bias_correction1),
                           static_cast<float>(std::sqrt(bias_correction2))};
      update(p.data_ptr<float>(), p.grad().data_ptr<float>(), state.exp_avg().data_ptr<float>(),
             state.exp_avg_sq().data_ptr<float>(), p.numel(), c);
      // Written through raw pointers: move the version counters as an in-place op would, so
      // that whatever was computed from these tensors (model/frozen_cache.h) is redone.
      torch::autograd::impl::bump_version(p);
      torch::autograd::impl::bump_version(state.exp_avg());
      torch::autograd::impl::bump_version(state.exp_avg_sq());
    }
  }
  return loss;
}

}  // namespace emoforget::train
