#include "metrics/attack_classifier.h"

#include <cmath>
#include <string>

#include "common/error.h"
#include "common/rng.h"

namespace emoforget::metrics {
namespace {

// Rewrites every parameter with U(-1/sqrt(fan_in), 1/sqrt(fan_in)) draws (LibTorch's own
// Linear default range) from `rng`.
void init_from_rng(torch::nn::Sequential& net, Rng& rng) {
  torch::NoGradGuard no_grad;
  for (auto& module : net->children()) {
    auto* linear = module->as<torch::nn::Linear>();
    if (linear == nullptr) continue;
    const double bound = 1.0 / std::sqrt(static_cast<double>(linear->weight.size(1)));
    for (torch::Tensor* p : {&linear->weight, &linear->bias}) {
      torch::Tensor flat = p->view(-1);
      auto values = flat.accessor<float, 1>();
      for (int64_t i = 0; i < flat.numel(); ++i)
        values[i] = static_cast<float>(rng.uniform(-bound, bound));
    }
  }
}

torch::Tensor check_features(const torch::Tensor& features, const std::string& what) {
  if (!features.defined() || features.dim() != 2 || features.size(0) == 0) {
    throw Error(what + ": expected a non-empty (N, F) feature tensor, got " +
                (features.defined() ? std::to_string(features.dim()) + "-d tensor with " +
                                          std::to_string(features.numel()) + " values"
                                    : std::string("an undefined tensor")));
  }
  torch::Tensor out = features.to(torch::kCPU, torch::kFloat32).contiguous();
  if (!torch::isfinite(out).all().item<bool>()) {
    throw Error(what + ": features contain NaN or infinite values");
  }
  return out;
}

}  // namespace

void AttackClassifierConfig::validate() const {
  if (hidden < 0)
    throw Error("attack classifier: hidden must be >= 0, got " + std::to_string(hidden));
  if (epochs < 1)
    throw Error("attack classifier: epochs must be >= 1, got " + std::to_string(epochs));
  if (!(lr > 0)) throw Error("attack classifier: lr must be > 0, got " + std::to_string(lr));
  if (!(weight_decay >= 0)) {
    throw Error("attack classifier: weight_decay must be >= 0, got " +
                std::to_string(weight_decay));
  }
}

nlohmann::json AttackClassifierConfig::to_json() const {
  return {{"model", hidden == 0 ? "logistic regression" : "mlp"},
          {"hidden", hidden},
          {"epochs", epochs},
          {"lr", lr},
          {"weight_decay", weight_decay},
          {"optimizer", "adam (full batch)"},
          {"seed", seed}};
}

AttackClassifier::AttackClassifier(torch::nn::Sequential net, torch::Tensor mean,
                                   torch::Tensor scale)
    : net_(std::move(net)), mean_(std::move(mean)), scale_(std::move(scale)) {}

AttackClassifier AttackClassifier::fit(const torch::Tensor& features,
                                       const torch::Tensor& is_member,
                                       const AttackClassifierConfig& config) {
  config.validate();
  const torch::Tensor x_raw = check_features(features, "attack classifier fit");
  const int64_t n = x_raw.size(0);
  const int64_t f = x_raw.size(1);
  if (!is_member.defined() || is_member.dim() != 1 || is_member.size(0) != n) {
    throw Error("attack classifier fit: is_member must be a 1-d tensor of " + std::to_string(n) +
                " labels, got " + std::to_string(is_member.defined() ? is_member.numel() : 0));
  }
  const torch::Tensor y = is_member.to(torch::kCPU, torch::kFloat32).contiguous();
  if (!(y.eq(0) | y.eq(1)).all().item<bool>()) {
    throw Error("attack classifier fit: is_member values must be 0 or 1");
  }
  const int64_t members = y.sum().item<float>();
  if (members == 0 || members == n) {
    throw Error("attack classifier fit: needs both members and non-members, got " +
                std::to_string(members) + " members of " + std::to_string(n));
  }

  const torch::Tensor mean = x_raw.mean(0);
  torch::Tensor scale = x_raw.std(0, /*unbiased=*/false);
  scale = torch::where(scale > 1e-12, scale, torch::ones_like(scale));

  torch::nn::Sequential net;
  if (config.hidden == 0) {
    net->push_back(torch::nn::Linear(f, 1));
  } else {
    net->push_back(torch::nn::Linear(f, config.hidden));
    net->push_back(torch::nn::ReLU());
    net->push_back(torch::nn::Linear(config.hidden, 1));
  }
  Rng rng(config.seed);
  init_from_rng(net, rng);

  AttackClassifier classifier(net, mean, scale);
  const torch::Tensor x = classifier.standardise(x_raw);
  torch::optim::Adam optimizer(
      net->parameters(), torch::optim::AdamOptions(config.lr).weight_decay(config.weight_decay));
  net->train();
  for (int epoch = 0; epoch < config.epochs; ++epoch) {
    optimizer.zero_grad();
    const torch::Tensor loss =
        torch::binary_cross_entropy_with_logits(net->forward(x).squeeze(1), y);
    loss.backward();
    optimizer.step();
  }
  net->eval();
  return classifier;
}

torch::Tensor AttackClassifier::standardise(const torch::Tensor& features) const {
  return (features - mean_) / scale_;
}

torch::Tensor AttackClassifier::member_probability(const torch::Tensor& features) const {
  const torch::Tensor x = check_features(features, "attack classifier");
  if (x.size(1) != num_features()) {
    throw Error("attack classifier: fitted on " + std::to_string(num_features()) +
                " features, got " + std::to_string(x.size(1)));
  }
  torch::NoGradGuard no_grad;
  return torch::sigmoid(net_.ptr()->forward(standardise(x)).squeeze(1));
}

torch::Tensor AttackClassifier::predict_member(const torch::Tensor& features) const {
  return member_probability(features) >= 0.5;
}

double AttackClassifier::accuracy(const torch::Tensor& features,
                                  const torch::Tensor& is_member) const {
  const torch::Tensor predicted = predict_member(features);
  if (!is_member.defined() || is_member.dim() != 1 || is_member.size(0) != predicted.size(0)) {
    throw Error("attack classifier accuracy: is_member must hold " +
                std::to_string(predicted.size(0)) + " labels");
  }
  const torch::Tensor truth = is_member.to(torch::kCPU).ne(0);
  return predicted.eq(truth).to(torch::kFloat64).mean().item<double>();
}

torch::Tensor AttackClassifier::linear_direction() const {
  const torch::nn::SequentialImpl& layers = *net_;
  const auto* linear = layers.size() == 1 ? layers[0]->as<torch::nn::Linear>() : nullptr;
  if (linear == nullptr) throw Error("the probe is not a logistic regression");
  torch::NoGradGuard no_grad;
  return linear->weight.detach().squeeze(0) / scale_;
}

}  // namespace emoforget::metrics
