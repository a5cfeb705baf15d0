// The paper's method (Section 2): "adv" = random relabelling + targeted-PGD
// samples standing in for the remain set, L = l1 L_mis + l2 L_adv (eq. 5 without
// EWC); "adv-ewc" adds l3 L_ewc with the Fisher of the relabelled forget set.
// An epoch walks the adversarial set in batches, each paired with a batch of
// forget samples (cycled).
#include <chrono>

#include "common/stopwatch.h"
#include "unlearn/adversarial_cache.h"
#include "unlearn/batch_order.h"
#include "unlearn/method_support.h"

namespace emoforget::unlearn {
namespace {

constexpr uint64_t kPgdStream = 0x504744;  // "PGD"

class AdversarialMethod : public Method {
 public:
  explicit AdversarialMethod(bool use_ewc) : use_ewc_(use_ewc) {}
  std::string name() const override { return use_ewc_ ? "adv-ewc" : "adv"; }

  void prepare(UnlearnContext& context) override {
    const UnlearnConfig& config = *context.config;
    auto start = Clock::now();
    // The attack draws from its own stream, so a cached set leaves every later
    // draw of the run exactly as a generated one would.
    Rng pgd_rng = context.rng->fork(kPgdStream);
    nlohmann::json cache = "off";
    if (config.pgd_cache.empty()) {
      context.adversarial =
          generate_adversarial_set(context.model, context.forget.waves, context.forget.labels,
                                   config.pgd, pgd_rng, config.device);
    } else {
      CachedAdversarialSet cached =
          cached_adversarial_set(config.pgd_cache, context.model, context.forget.waves,
                                 context.forget.labels, config.pgd, pgd_rng, config.device);
      context.adversarial = std::move(cached.set);
      cache = {{"status", cached.status}, {"file", cached.file.string()}};
    }
    context.notes["timings"]["pgd_seconds"] = seconds_since(start);
    context.notes["adversarial"] = {{"samples", context.adversarial->waves.size(0)},
                                    {"success_rate", context.adversarial->success_rate},
                                    {"start_target_ce", context.adversarial->start_target_ce},
                                    {"final_target_ce", context.adversarial->final_target_ce},
                                    {"cache", cache}};
    if (use_ewc_) {
      start = Clock::now();
      context.fisher =
          compute_fisher(context.model, context.forget.waves, context.wrong_labels,
                         parse_fisher_normalization(config.fisher_norm), config.device);
      context.notes["timings"]["fisher_seconds"] = seconds_since(start);
      context.notes["fisher"] = context.fisher->summary();
    }
    adversarial_ = BatchOrder(context.adversarial->waves.size(0), config.batch);
    forget_ = BatchOrder(context.forget.size(), std::min(config.batch, context.forget.size()));
  }

  int64_t steps_per_epoch(const UnlearnContext&) const override { return adversarial_.steps(); }

  void begin_epoch(UnlearnContext& context) override {
    adversarial_.shuffle(*context.rng);
    forget_.shuffle(*context.rng);
  }

  torch::Tensor step_loss(UnlearnContext& context, int64_t step) override {
    const UnlearnConfig& config = *context.config;
    const torch::Tensor adv_index = adversarial_.batch_indices(step);
    const torch::Tensor forget_index = forget_.cycled_indices(step);
    const auto [forget_logits, adv_logits] =
        joint_logits(context, rows_on_device(context, context.forget.waves, forget_index),
                     rows_on_device(context, context.adversarial->waves, adv_index));
    const torch::Tensor loss_mis =
        cross_entropy(forget_logits, rows_on_device(context, context.wrong_labels, forget_index));
    const torch::Tensor loss_adv =
        cross_entropy(adv_logits, rows_on_device(context, context.adversarial->targets, adv_index));
    torch::Tensor loss = config.lambda_mis * loss_mis + config.lambda_adv * loss_adv;
    if (use_ewc_) loss = loss + config.lambda_ewc * ewc_penalty(context.model, *context.fisher);
    return loss;
  }

 private:
  bool use_ewc_;
  BatchOrder adversarial_;
  BatchOrder forget_;
};

}  // namespace

std::unique_ptr<Method> make_adversarial_method(bool use_ewc) {
  return std::make_unique<AdversarialMethod>(use_ewc);
}

}  // namespace emoforget::unlearn
