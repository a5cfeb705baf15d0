#include "distributed/gradient_sync.h"

#include <torch/torch.h>

namespace emoforget::distributed {

GradientSync::GradientSync(Group& group, std::vector<torch::Tensor> parameters,
                           int64_t bucket_bytes)
    : group_(group), parameters_(std::move(parameters)) {
  // Consecutive parameters of one dtype and device share a bucket up to bucket_bytes.
  Bucket current;
  int64_t bytes = 0;
  const auto close = [&] {
    if (current.members.empty()) return;
    const torch::Tensor& first = parameters_[current.members.front()];
    int64_t numel = 0;
    for (size_t i : current.members)
      numel += parameters_[i].numel();
    current.flat = torch::zeros({numel}, first.options().requires_grad(false));
    buckets_.push_back(std::move(current));
    current = Bucket{};
    bytes = 0;
  };
  for (size_t i = 0; i < parameters_.size(); ++i) {
    const torch::Tensor& p = parameters_[i];
    if (!current.members.empty()) {
      const torch::Tensor& first = parameters_[current.members.front()];
      if (first.scalar_type() != p.scalar_type() || first.device() != p.device() ||
          bytes + static_cast<int64_t>(p.nbytes()) > bucket_bytes) {
        close();
      }
    }
    current.members.push_back(i);
    bytes += static_cast<int64_t>(p.nbytes());
  }
  close();
}

double GradientSync::reduce(double global_samples, double local_loss_sum, bool* stop) {
  torch::NoGradGuard no_grad;
  // Which parameters have a gradient on some rank, and the loss, in one small message.
  const int64_t count = static_cast<int64_t>(parameters_.size());
  torch::Tensor flags = torch::zeros({count + 2}, torch::TensorOptions(torch::kFloat64));
  auto flag = flags.accessor<double, 1>();
  for (size_t i = 0; i < parameters_.size(); ++i)
    flag[static_cast<int64_t>(i)] = parameters_[i].grad().defined() ? 1.0 : 0.0;
  flag[count] = local_loss_sum;
  flag[count + 1] = stop != nullptr && *stop ? 1.0 : 0.0;
  torch::Tensor message = flags.to(group_.device());
  group_.all_reduce_sum(message, "the gradient flags all-reduce");
  flags = message.to(torch::kCPU);
  flag = flags.accessor<double, 1>();
  if (stop != nullptr) *stop = flag[count + 1] > 0;

  for (Bucket& bucket : buckets_) {
    int64_t offset = 0;
    bool any = false;
    for (size_t i : bucket.members) {
      const torch::Tensor& p = parameters_[i];
      torch::Tensor slot = bucket.flat.narrow(0, offset, p.numel());
      if (p.grad().defined()) {
        slot.copy_(p.grad().reshape({-1}));
      } else {
        slot.zero_();
      }
      any = any || flag[static_cast<int64_t>(i)] > 0;
      offset += p.numel();
    }
    if (!any) continue;  // no rank has a gradient for this bucket's parameters
    group_.all_reduce_sum(bucket.flat, "the gradient all-reduce");
    bucket.flat.div_(global_samples);
    offset = 0;
    for (size_t i : bucket.members) {
      torch::Tensor p = parameters_[i];
      const torch::Tensor slot = bucket.flat.narrow(0, offset, p.numel()).view(p.sizes());
      offset += p.numel();
      if (flag[static_cast<int64_t>(i)] == 0) continue;
      if (p.grad().defined()) {
        p.mutable_grad().copy_(slot);
      } else {
        p.mutable_grad() = slot.clone();
      }
    }
  }
  return flag[count];
}

}  // namespace emoforget::distributed
