#include "unlearn/attribute_removal.h"

#include <torch/torch.h>

#include "common/error.h"
#include "metrics/attribute_probe.h"

namespace emoforget::unlearn {

torch::Tensor AttributeRemoval::projection(int64_t width) const {
  torch::Tensor p = torch::eye(width, torch::kFloat64);
  if (basis.defined() && basis.size(0) > 0) p = p - basis.t().mm(basis);
  return p;
}

nlohmann::json AttributeRemoval::to_json() const {
  return {{"directions_removed", basis.defined() ? basis.size(0) : 0},
          {"probe_balanced_accuracy", probe_accuracy}};
}

AttributeRemoval remove_attribute(const torch::Tensor& embeddings, const torch::Tensor& value,
                                  const std::vector<std::string>& speakers,
                                  const AttributeRemovalConfig& config) {
  const torch::Tensor x = embeddings.to(torch::kCPU, torch::kFloat64);
  const int64_t width = x.size(1);
  const int max_directions =
      config.max_directions > 0 ? config.max_directions : static_cast<int>(width / 2);
  AttributeRemoval removal;
  removal.basis = torch::zeros({0, width}, torch::kFloat64);
  for (int k = 0;; ++k) {
    const torch::Tensor projected = x.mm(removal.projection(width)).to(torch::kFloat32);
    const double accuracy =
        metrics::probe_attribute(projected, value, speakers, config.folds, config.probe)
            .balanced_accuracy;
    removal.probe_accuracy.push_back(accuracy);
    if (accuracy <= config.target || k >= max_directions) break;
    // The direction a probe on every row finds, made orthogonal to those removed.
    metrics::AttackClassifierConfig fit = config.probe;
    fit.seed = config.probe.seed + 1000 + static_cast<uint64_t>(k);
    torch::Tensor w = metrics::AttackClassifier::fit(projected, value, fit)
                          .linear_direction()
                          .to(torch::kFloat64);
    if (removal.basis.size(0) > 0) w = w - removal.basis.t().mv(removal.basis.mv(w));
    const double norm = w.norm().item<double>();
    if (!(norm > 1e-12)) break;  // nothing left to remove along a new direction
    removal.basis = torch::cat({removal.basis, (w / norm).unsqueeze(0)});
  }
  return removal;
}

void fold_projection(model::SequenceClassifier& model, const torch::Tensor& projection,
                     const torch::Tensor& embeddings, const torch::Tensor& logits) {
  const int64_t width = model->config().classifier_proj_size;
  if (projection.size(0) != width || embeddings.size(1) != width)
    throw Error("attribute removal: the projection is " + std::to_string(projection.size(0)) +
                " wide but the model's pooled embedding " + std::to_string(width));
  torch::NoGradGuard no_grad;
  const torch::Tensor p = projection.to(torch::kFloat64);
  auto& projector = model->projector;
  auto& classifier = model->classifier;
  const auto dtype = projector->weight.scalar_type();
  const torch::Device device = projector->weight.device();
  projector->weight.copy_(
      p.mm(projector->weight.to(torch::kCPU, torch::kFloat64)).to(device, dtype));
  projector->bias.copy_(p.mv(projector->bias.to(torch::kCPU, torch::kFloat64)).to(device, dtype));
  // Least squares: [P e, 1] beta = logits over the rows, beta = (C'^T; c').
  const torch::Tensor e = embeddings.to(torch::kCPU, torch::kFloat64).mm(p);
  const torch::Tensor design = torch::cat({e, torch::ones({e.size(0), 1}, torch::kFloat64)}, 1);
  const torch::Tensor target = logits.to(torch::kCPU, torch::kFloat64);
  const torch::Tensor beta = torch::linalg_pinv(design, 1e-8).mm(target);  // (D+1, C)
  classifier->weight.copy_(beta.narrow(0, 0, width).t().to(device, dtype));
  classifier->bias.copy_(beta[width].to(device, dtype));
}

}  // namespace emoforget::unlearn
