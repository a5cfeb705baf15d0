#include "unlearn/ewc.h"

#include <algorithm>

#include <torch/torch.h>

#include "common/error.h"
#include "common/interrupt.h"
#include "common/progress.h"
#include "distributed/shard.h"
#include "distributed/world.h"

namespace emoforget::unlearn {

FisherNormalization parse_fisher_normalization(const std::string& text) {
  if (text == "none") return FisherNormalization::kNone;
  if (text == "mean") return FisherNormalization::kMean;
  throw Error("--fisher-norm: unknown value '" + text + "' (use none or mean)");
}

std::string to_string(FisherNormalization normalization) {
  return normalization == FisherNormalization::kMean ? "mean" : "none";
}

nlohmann::json FisherSummary::to_json() const {
  return {{"measure", measure},
          {"direction", direction},
          {"normalization", normalization},
          {"raw_mean", raw_mean},
          {"max_after_normalization", max_after_normalization},
          {"parameters", parameters}};
}

FisherSummary Fisher::summary() const {
  FisherSummary s;
  s.measure = to_string(measure);
  s.direction = to_string(direction);
  s.normalization = to_string(normalization);
  s.raw_mean = raw_mean;
  for (const auto& f : values) {
    s.max_after_normalization = std::max(s.max_after_normalization, f.max().item<double>());
    s.parameters += f.numel();
  }
  return s;
}

std::vector<torch::Tensor> trainable_parameters(model::SequenceClassifier& model) {
  std::vector<torch::Tensor> params;
  for (auto& p : model->parameters()) {
    if (p.requires_grad()) params.push_back(p);
  }
  return params;
}

Fisher compute_fisher(model::SequenceClassifier& model, const torch::Tensor& waves,
                      const torch::Tensor& labels, const AnchorOptions& options,
                      const train::DeviceConfig& device) {
  const FisherNormalization normalization = options.normalization;
  const bool mas = options.measure == ImportanceMeasure::kMas;
  const int64_t n = waves.size(0);
  if (n == 0) throw Error("Fisher: no forget samples");
  const std::vector<torch::Tensor> params = trainable_parameters(model);
  Fisher fisher;
  fisher.normalization = normalization;
  fisher.measure = options.measure;
  fisher.direction = options.direction;
  for (const auto& p : params) {
    fisher.values.push_back(torch::zeros_like(p));
    fisher.theta_star.push_back(p.detach().clone());
  }
  const bool was_training = model->is_training();
  model->eval();
  const torch::Device target = device.torch_device();
  // Samples are dealt round-robin to the run's ranks; the sums meet below.
  distributed::Group& group = distributed::world();
  Progress progress(mas ? "importance" : "fisher",
                    (n - group.rank() + group.size() - 1) / group.size(), "samples");
  for (int64_t i = 0; i < n; ++i) {
    if (!distributed::deals_to(i, group.rank(), group.size())) continue;
    if (interrupt_signal() != 0)
      throw_if_interrupted("the Fisher information (sample " + std::to_string(i + 1) + " of " +
                           std::to_string(n) + ")");
    torch::Tensor loss;
    {
      train::AutocastGuard autocast(device);
      const torch::Tensor logits =
          model->forward(waves.slice(0, i, i + 1).to(target)).to(torch::kFloat32);
      loss =
          mas ? logits.square().sum()
              : torch::nn::functional::cross_entropy(logits, labels.slice(0, i, i + 1).to(target));
    }
    const auto grads = torch::autograd::grad({loss}, params, {}, false, false, true);
    torch::NoGradGuard no_grad;
    for (size_t k = 0; k < params.size(); ++k) {
      if (grads[k].defined()) fisher.values[k].add_(mas ? grads[k].abs() : grads[k].square());
    }
    progress.advance();
  }
  progress.finish();
  model->train(was_training);

  torch::NoGradGuard no_grad;
  if (group.size() > 1) {
    std::vector<torch::Tensor> flat;
    for (const auto& f : fisher.values)
      flat.push_back(f.reshape({-1}));
    torch::Tensor all = torch::cat(flat).to(group.device());
    group.all_reduce_sum(all, "summing the Fisher information");
    all = all.to(fisher.values.front().device());
    int64_t offset = 0;
    for (auto& f : fisher.values) {
      f.copy_(all.narrow(0, offset, f.numel()).view(f.sizes()));
      offset += f.numel();
    }
  }
  for (auto& f : fisher.values)
    f.div_(static_cast<double>(n));
  if (options.direction == AnchorDirection::kComplement) {
    double max = 0.0;
    for (const auto& f : fisher.values)
      max = std::max(max, f.max().item<double>());
    for (auto& f : fisher.values) {
      if (max > 0) f.div_(max);
      f.neg_().add_(1.0);
    }
  }
  double sum = 0.0;
  int64_t count = 0;
  for (const auto& f : fisher.values) {
    sum += f.sum().item<double>();
    count += f.numel();
  }
  fisher.raw_mean = count > 0 ? sum / static_cast<double>(count) : 0.0;
  if (normalization == FisherNormalization::kMean && fisher.raw_mean > 0) {
    for (auto& f : fisher.values)
      f.div_(fisher.raw_mean);
  }
  return fisher;
}

torch::Tensor ewc_penalty(model::SequenceClassifier& model, const Fisher& fisher) {
  const std::vector<torch::Tensor> params = trainable_parameters(model);
  if (params.size() != fisher.values.size()) {
    throw Error("EWC: the model has " + std::to_string(params.size()) +
                " trainable parameters but the Fisher covers " +
                std::to_string(fisher.values.size()));
  }
  torch::Tensor penalty = torch::zeros({}, params.front().options());
  for (size_t k = 0; k < params.size(); ++k) {
    penalty = penalty + (fisher.values[k] * (params[k] - fisher.theta_star[k]).square()).sum();
  }
  return penalty;
}

}  // namespace emoforget::unlearn
