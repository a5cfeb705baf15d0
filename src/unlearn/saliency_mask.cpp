#include "unlearn/saliency_mask.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "common/error.h"
#include "distributed/shard.h"
#include "distributed/world.h"

namespace emoforget::unlearn {

void SaliencyMask::apply(const std::vector<torch::Tensor>& parameters) const {
  if (parameters.size() != masks.size())
    throw Error("saliency mask: " + std::to_string(masks.size()) + " masks for " +
                std::to_string(parameters.size()) + " parameters");
  torch::NoGradGuard no_grad;
  for (size_t k = 0; k < parameters.size(); ++k) {
    torch::Tensor grad = parameters[k].grad();
    if (grad.defined()) grad.mul_(masks[k]);
  }
}

nlohmann::json SaliencyMask::to_json() const {
  return {{"share", share},
          {"weights_updated", kept},
          {"weights", weights},
          {"computed_from", "forget-set cross-entropy gradient"}};
}

SaliencyMask saliency_mask(model::SequenceClassifier& model,
                           const std::vector<torch::Tensor>& parameters, const torch::Tensor& waves,
                           const torch::Tensor& labels, double share, int64_t batch,
                           const train::DeviceConfig& device) {
  if (!(share > 0.0 && share <= 1.0))
    throw Error("saliency mask: the share must be in (0, 1], got " + std::to_string(share));
  const int64_t n = waves.size(0);
  if (n == 0) throw Error("saliency mask: no forget samples");
  const bool was_training = model->is_training();
  model->eval();
  const torch::Device target = device.torch_device();
  std::vector<torch::Tensor> sums;
  for (const auto& p : parameters)
    sums.push_back(torch::zeros_like(p));
  distributed::Group& group = distributed::world();
  const int64_t batches = (n + batch - 1) / batch;
  for (int64_t b = 0; b < batches; ++b) {
    if (!distributed::deals_to(b, group.rank(), group.size())) continue;
    const int64_t begin = b * batch;
    const int64_t end = std::min(n, begin + batch);
    torch::Tensor loss;
    {
      train::AutocastGuard autocast(device);
      const torch::Tensor logits =
          model->forward(waves.slice(0, begin, end).to(target)).to(torch::kFloat32);
      loss = torch::nn::functional::cross_entropy(
          logits, labels.slice(0, begin, end).to(target),
          torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    }
    const auto grads = torch::autograd::grad({loss}, parameters, {}, false, false, true);
    torch::NoGradGuard no_grad;
    for (size_t k = 0; k < parameters.size(); ++k)
      if (grads[k].defined()) sums[k].add_(grads[k]);
  }
  model->train(was_training);

  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> flat;
  for (const auto& s : sums)
    flat.push_back(s.reshape({-1}));
  torch::Tensor all = torch::cat(flat);
  if (group.size() > 1) {
    torch::Tensor moved = all.to(group.device());
    group.all_reduce_sum(moved, "summing the saliency gradients");
    all = moved.to(all.device());
  }
  all = all.abs().to(torch::kFloat32).cpu();
  SaliencyMask mask;
  mask.share = share;
  mask.weights = all.numel();
  const int64_t keep = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(share * static_cast<double>(mask.weights))));
  // The keep-th largest |gradient| is the (weights - keep + 1)-th smallest. A zero
  // threshold (fewer weights move the forget set than asked for) keeps the moving ones.
  const double threshold = keep >= mask.weights
                               ? 0.0
                               : std::get<0>(all.kthvalue(mask.weights - keep + 1)).item<double>();
  int64_t offset = 0;
  for (size_t k = 0; k < parameters.size(); ++k) {
    const torch::Tensor magnitude = all.narrow(0, offset, sums[k].numel()).view(sums[k].sizes());
    offset += sums[k].numel();
    torch::Tensor kept;
    if (keep >= mask.weights)
      kept = torch::ones_like(magnitude);
    else if (threshold > 0)
      kept = (magnitude >= threshold).to(torch::kFloat32);
    else
      kept = (magnitude > 0).to(torch::kFloat32);
    mask.kept += kept.sum().item<int64_t>();
    mask.masks.push_back(kept.to(parameters[k].device(), parameters[k].scalar_type()));
  }
  return mask;
}

}  // namespace emoforget::unlearn
