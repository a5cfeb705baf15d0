#include "reproduce/cost.h"

#include <algorithm>

#include "unlearn/method_info.h"

namespace emoforget::reproduce {
namespace {

int64_t size_of(const SplitSizes& sizes, const std::string& split) {
  const auto it = sizes.find(split);
  return it == sizes.end() ? 0 : it->second;
}

// An epoch over `walked` samples in batches of `batch`, each batch trained together
// with up to a batch of the `n` forget samples (cycled): remain and adv(-ewc).
double paired_epoch_passes(int64_t walked, int64_t n, int64_t batch) {
  const int64_t steps = (walked + batch - 1) / batch;
  return static_cast<double>(walked + steps * std::min(batch, n));
}

}  // namespace

RunCost& RunCost::operator+=(const RunCost& more) {
  pgd += more.pgd;
  other += more.other;
  return *this;
}

RunCost& RunCost::operator-=(const RunCost& less) {
  pgd -= less.pgd;
  other -= less.other;
  return *this;
}

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

RunCost spent_cost(RunCost planned, bool attack_from_cache) {
  if (attack_from_cache) planned.pgd = 0.0;
  return planned;
}

RunCost run_cost(const RunSpec& spec, const ReproduceConfig& config, const SplitSizes& sizes,
                 bool attack_cached) {
  int64_t train = 0;
  for (const std::string& split : spec.setting.train_splits)
    train += size_of(sizes, split);
  const double held_out = static_cast<double>(size_of(sizes, spec.setting.held_out));
  RunCost cost;
  if (spec.finetune) {
    int64_t scored = 0;  // the kept model is scored on every split it did not train on
    for (const auto& [split, count] : sizes) {
      bool trained = false;
      for (const std::string& t : spec.setting.train_splits)
        trained = trained || t == split;
      if (!trained) scored += count;
    }
    cost.other = static_cast<double>(config.finetune_epochs(train)) * static_cast<double>(train) +
                 kInferenceCost * static_cast<double>(scored);
    return cost;
  }
  const double n = static_cast<double>(spec.n);
  const double epochs = static_cast<double>(config.unlearn.epochs);
  const int64_t batch = config.unlearn_batch();
  cost.other = 2.0 * kInferenceCost * (held_out + n);  // scored before and after
  const unlearn::MethodInfo& method = unlearn::method_info(spec.method);
  switch (method.walks) {
    case unlearn::EpochWalk::kRemainSet:
      cost.other += epochs * paired_epoch_passes(train - spec.n, spec.n, batch);
      break;
    case unlearn::EpochWalk::kAdversarialSet: {
      const int64_t m = config.unlearn.pgd.m;
      if (!attack_cached) cost.pgd = n * static_cast<double>(m * config.unlearn.pgd.p);
      cost.other += epochs * paired_epoch_passes(spec.n * m, spec.n, batch);
      break;
    }
    case unlearn::EpochWalk::kFineTuning:
      cost.other +=
          static_cast<double>(config.finetune_epochs(train)) * static_cast<double>(train - spec.n);
      break;
    case unlearn::EpochWalk::kForgetSet:
      cost.other += epochs * n;
      break;
  }
  if (method.needs_fisher) cost.other += n;  // per-sample Fisher gradients
  return cost;
}

}  // namespace emoforget::reproduce
