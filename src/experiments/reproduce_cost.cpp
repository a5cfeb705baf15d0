#include "experiments/reproduce_cost.h"

namespace emoforget::experiments {
namespace {

int64_t size_of(const SplitSizes& sizes, const std::string& split) {
  const auto it = sizes.find(split);
  return it == sizes.end() ? 0 : it->second;
}

}  // namespace

bool attack_cached(const std::vector<RunSpec>& plan, size_t i) {
  const RunSpec& spec = plan[i];
  if (spec.finetune || !method_uses_tau(spec.method) || spec.tau_from_validation) return false;
  for (size_t j = 0; j < i; ++j) {
    const RunSpec& earlier = plan[j];
    if (!earlier.finetune && method_uses_tau(earlier.method) && !earlier.tau_from_validation &&
        earlier.setting.name == spec.setting.name && earlier.seed == spec.seed &&
        earlier.n == spec.n && earlier.tau == spec.tau) {
      return true;
    }
  }
  return false;
}

double run_cost(const RunSpec& spec, const ReproduceConfig& config, const SplitSizes& sizes,
                bool attack_cached) {
  int64_t train = 0;
  for (const std::string& split : spec.setting.train_splits)
    train += size_of(sizes, split);
  const double held_out = static_cast<double>(size_of(sizes, spec.setting.held_out));
  if (spec.finetune) {
    int64_t scored = 0;  // the kept model is scored on every split it did not train on
    for (const auto& [split, count] : sizes) {
      bool trained = false;
      for (const std::string& t : spec.setting.train_splits)
        trained = trained || t == split;
      if (!trained) scored += count;
    }
    return static_cast<double>(config.epochs) * static_cast<double>(train) +
           kInferenceCost * static_cast<double>(scored);
  }
  const double n = static_cast<double>(spec.n);
  const double epochs = static_cast<double>(config.unlearn_epochs);
  double cost = 2.0 * kInferenceCost * (held_out + n);  // scored before and after
  if (spec.method == "remain") {
    cost += epochs * static_cast<double>(train);  // forget set plus remain set each epoch
  } else if (method_uses_tau(spec.method)) {
    const double m = static_cast<double>(config.m);
    if (!attack_cached) cost += n * m * static_cast<double>(config.p);  // PGD
    cost += epochs * n * (1.0 + m);           // forget and adversarial samples
    if (spec.method == "adv-ewc") cost += n;  // per-sample Fisher gradients
  } else {
    cost += epochs * n;
  }
  return cost;
}

}  // namespace emoforget::experiments
