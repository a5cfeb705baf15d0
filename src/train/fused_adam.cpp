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
      bias_correction2_sqrt, grad_scale;
};

// One pass over [begin, end): g = grad * grad_scale (the clipping coefficient); g += wd * p; m = b1
// m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p += -step_size * m / (sqrt(v) / sqrt(bc2) + eps).
// Compiled for AVX-512, AVX2 and the baseline, chosen at load time by the CPU (this file is built
// with -fno-math-errno so that the square root vectorises, and -ffp-contract=off so that no clone
// fuses a multiply into an add: every clone rounds alike). Elements are independent: the result
// does not depend on the split over threads.
__attribute__((target_clones("avx512f", "avx2", "default"))) void update_range(
    float* __restrict param, const float* __restrict grad, float* __restrict exp_avg,
    float* __restrict exp_avg_sq, int64_t begin, int64_t end, const Coefficients& c) {
  const float beta1 = c.beta1, beta2 = c.beta2, one_minus_beta1 = c.one_minus_beta1,
              one_minus_beta2 = c.one_minus_beta2, eps = c.eps, weight_decay = c.weight_decay,
              step_size = c.step_size, bias_correction2_sqrt = c.bias_correction2_sqrt,
              grad_scale = c.grad_scale;
  for (int64_t i = begin; i < end; ++i) {
    const float clipped = grad[i] * grad_scale;
    const float g = weight_decay != 0.0f ? clipped + weight_decay * param[i] : clipped;
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

double FusedAdam::clip_grad_norm(const std::vector<torch::Tensor>& parameters, double max_norm) {
  torch::NoGradGuard no_grad;
  // clip_grad_norm_'s own steps (torch/nn/utils/clip_grad.h, norm type 2), but the last.
  std::vector<torch::Tensor> norms;
  std::vector<const c10::TensorImpl*> clipped;
  for (const auto& p : parameters) {
    if (!p.grad().defined()) continue;
    norms.push_back(p.grad().data().norm(2.0));
    clipped.push_back(p.unsafeGetTensorImpl());
  }
  if (norms.empty()) return 0.0;
  const torch::Tensor total = norms.size() == 1 ? norms[0] : torch::stack(norms).norm(2.0);
  const torch::Tensor coefficient =
      torch::clamp(max_norm / (total + 1e-6), c10::nullopt, 1.0).to(torch::kFloat32);
  const float scale = coefficient.item<float>();
  for (const c10::TensorImpl* impl : clipped)
    pending_scale_[impl] = scale;
  return total.item<double>();
}

float FusedAdam::take_scale(const torch::Tensor& parameter) {
  const auto found = pending_scale_.find(parameter.unsafeGetTensorImpl());
  if (found == pending_scale_.end()) return 1.0f;
  const float scale = found->second;
  pending_scale_.erase(found);
  return scale;
}

torch::Tensor FusedAdam::step(LossClosure closure) {
  if (!fusable()) {
    // Adam's own step reads the gradients: scale them first, as clip_grad_norm_ would have.
    torch::NoGradGuard no_grad;
    for (auto& group : param_groups_)
      for (auto& p : group.params())
        if (p.grad().defined()) {
          const float scale = take_scale(p);
          if (scale != 1.0f) p.mutable_grad().mul_(scale);
        }
    pending_scale_.clear();
    return torch::optim::Adam::step(closure);
  }
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
                           static_cast<float>(std::sqrt(bias_correction2)),
                           take_scale(p)};
      update(p.data_ptr<float>(), p.grad().data_ptr<float>(), state.exp_avg().data_ptr<float>(),
             state.exp_avg_sq().data_ptr<float>(), p.numel(), c);
      // Written through raw pointers: move the version counters as an in-place op would, so
      // that whatever was computed from these tensors (model/frozen_cache.h) is redone.
      torch::autograd::impl::bump_version(p);
      torch::autograd::impl::bump_version(state.exp_avg());
      torch::autograd::impl::bump_version(state.exp_avg_sq());
    }
  }
  pending_scale_.clear();  // a parameter without a gradient this step keeps nothing for the next
  return loss;
}

}  // namespace emoforget::train
