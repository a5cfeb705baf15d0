#include "distributed/gradient_sync.h"

#include <algorithm>

#include <torch/torch.h>

namespace emoforget::distributed {

GradientSync::GradientSync(Group& group, std::vector<torch::Tensor> parameters,
                           int64_t bucket_bytes)
    : group_(group),
      parameters_(std::move(parameters)),
      place_(parameters_.size()),
      has_grad_(parameters_.size(), false) {
  // Parameters in reverse order; consecutive ones of one dtype and device share a bucket
  // up to bucket_bytes (the first, which can start earliest, up to kFirstBucketBytes).
  Bucket current;
  int64_t bytes = 0;
  const auto close = [&] {
    if (current.members.empty()) return;
    const torch::Tensor& first = parameters_[current.members.front()];
    int64_t numel = 0;
    for (size_t i : current.members) {
      current.offsets.push_back(numel);
      place_[i] = {buckets_.size(), current.offsets.size() - 1};
      numel += parameters_[i].numel();
    }
    current.flat = torch::zeros({numel}, first.options().requires_grad(false));
    buckets_.push_back(std::move(current));
    current = Bucket{};
    bytes = 0;
  };
  for (size_t k = parameters_.size(); k-- > 0;) {
    const torch::Tensor& p = parameters_[k];
    if (!current.members.empty()) {
      const torch::Tensor& first = parameters_[current.members.front()];
      if (first.scalar_type() != p.scalar_type() || first.device() != p.device() ||
          bytes + static_cast<int64_t>(p.nbytes()) >
              (buckets_.empty() ? std::min(bucket_bytes, kFirstBucketBytes) : bucket_bytes)) {
        close();
      }
    }
    current.members.push_back(k);
    bytes += static_cast<int64_t>(p.nbytes());
  }
  close();
  if (group_.size() == 1) return;  // nothing to overlap
  for (size_t i = 0; i < parameters_.size(); ++i) {
    if (!parameters_[i].requires_grad()) continue;
    hooks_.emplace_back(i, parameters_[i].register_hook([this, i](const torch::Tensor& grad) {
      arrived(i, grad);
      return torch::Tensor();  // the gradient itself is left as it is
    }));
  }
}

GradientSync::~GradientSync() {
  for (const auto& [parameter, handle] : hooks_)
    parameters_[parameter].remove_hook(handle);
}

void GradientSync::arrived(size_t parameter, const torch::Tensor& grad) {
  torch::NoGradGuard no_grad;
  const auto [b, member] = place_[parameter];
  Bucket& bucket = buckets_[b];
  bucket.flat.narrow(0, bucket.offsets[member], grad.numel()).copy_(grad.reshape({-1}));
  if (!has_grad_[parameter]) {
    has_grad_[parameter] = true;
    ++bucket.ready;
  }
  start_ready_buckets();
}

void GradientSync::start(Bucket& bucket) {
  bucket.pending = group_.start_all_reduce_sum(bucket.flat, "the gradient all-reduce");
}

void GradientSync::start_ready_buckets() {
  while (next_to_start_ < buckets_.size() &&
         buckets_[next_to_start_].ready == buckets_[next_to_start_].members.size()) {
    start(buckets_[next_to_start_++]);
  }
}

double GradientSync::reduce(double global_samples, double local_loss_sum, bool* stop) {
  torch::NoGradGuard no_grad;
  // Gradients the hooks did not see (one process; or the hooks were not run) are copied
  // now; slots without a gradient this step are zero. Then every bucket not yet started.
  for (size_t i = 0; i < parameters_.size(); ++i) {
    const auto [b, member] = place_[i];
    Bucket& bucket = buckets_[b];
    if (b < next_to_start_ || has_grad_[i]) continue;
    torch::Tensor slot = bucket.flat.narrow(0, bucket.offsets[member], parameters_[i].numel());
    if (parameters_[i].grad().defined()) {
      slot.copy_(parameters_[i].grad().reshape({-1}));
      has_grad_[i] = true;
    } else {
      slot.zero_();
    }
  }
  while (next_to_start_ < buckets_.size())
    start(buckets_[next_to_start_++]);

  // Which parameters have a gradient on some rank, the loss and the stop wish, in one
  // small message after the buckets.
  const int64_t count = static_cast<int64_t>(parameters_.size());
  torch::Tensor flags = torch::zeros({count + 2}, torch::TensorOptions(torch::kFloat64));
  auto flag = flags.accessor<double, 1>();
  for (size_t i = 0; i < parameters_.size(); ++i)
    flag[static_cast<int64_t>(i)] = has_grad_[i] ? 1.0 : 0.0;
  flag[count] = local_loss_sum;
  flag[count + 1] = stop != nullptr && *stop ? 1.0 : 0.0;
  torch::Tensor message = flags.to(group_.device());
  group_.all_reduce_sum(message, "the gradient flags all-reduce");
  flags = message.to(torch::kCPU);
  flag = flags.accessor<double, 1>();
  if (stop != nullptr) *stop = flag[count + 1] > 0;

  for (Bucket& bucket : buckets_) {
    bucket.pending->wait();
    bucket.pending.reset();
    bucket.flat.div_(global_samples);
    for (size_t m = 0; m < bucket.members.size(); ++m) {
      torch::Tensor p = parameters_[bucket.members[m]];
      if (flag[static_cast<int64_t>(bucket.members[m])] == 0) continue;
      const torch::Tensor slot =
          bucket.flat.narrow(0, bucket.offsets[m], p.numel()).view(p.sizes());
      if (p.grad().defined()) {
        p.mutable_grad().copy_(slot);
      } else {
        p.mutable_grad() = slot.clone();
      }
    }
    bucket.ready = 0;
  }
  std::fill(has_grad_.begin(), has_grad_.end(), false);
  next_to_start_ = 0;
  return flag[count];
}

}  // namespace emoforget::distributed
