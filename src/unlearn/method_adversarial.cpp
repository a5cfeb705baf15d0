// The paper's method (Section 2): "Adv." = random relabelling + targeted-PGD
// samples standing in for the remain set, L = l1 L_mis + l2 L_adv (eq. 5 without
// EWC); "Adv. + Ela." adds l3 L_ewc with the Fisher of the relabelled forget set.
// An epoch walks the adversarial set in batches, each paired with a batch of
// forget samples (cycled). Beyond the paper (variant.h): the anchor's importance
// measure and direction, and distillation: lambda_kl * KL(f*(x_adv) || f(x_adv)),
// the trained model's output distribution on each adversarial sample, so the stand-in
// for the remain set keeps the function and not only its argmax; and the same on a held-out
// split (held_out_distillation.h).
#include <torch/torch.h>

#include "common/stopwatch.h"
#include "train/inference.h"
#include "unlearn/adversarial_cache.h"
#include "unlearn/batch_order.h"
#include "unlearn/method_support.h"
#include "unlearn/step_terms.h"

namespace emoforget::unlearn {
namespace {

constexpr uint64_t kPgdStream = 0x504744;  // "PGD"

class AdversarialMethod : public StepwiseMethod {
 public:
  explicit AdversarialMethod(bool use_ewc) : use_ewc_(use_ewc) {}

  void prepare(UnlearnContext& context) override {
    const UnlearnConfig& config = *context.config;
    const MethodSettings& settings = config.settings;
    auto start = Clock::now();
    // The attack draws from its own stream, so a cached set leaves every later
    // draw of the run exactly as a generated one would.
    Rng pgd_rng = context.rng->fork(kPgdStream);
    AttackSummary attack;
    if (config.pgd_cache.empty()) {
      context.adversarial =
          generate_adversarial_set(context.model, context.forget.waves, context.forget.lengths,
                                   context.forget.labels, settings.pgd, pgd_rng, config.run.device);
    } else {
      CachedAdversarialSet cached = cached_adversarial_set(
          config.pgd_cache, context.model, context.forget.waves, context.forget.lengths,
          context.forget.labels, settings.pgd, pgd_rng, config.run.device);
      context.adversarial = std::move(cached.set);
      attack.cache_status = cached.status;
      attack.cache_file = cached.file.string();
    }
    context.report.pgd_seconds = seconds_since(start);
    attack.samples = context.adversarial->waves.size(0);
    attack.success_rate = context.adversarial->success_rate;
    attack.start_target_ce = context.adversarial->start_target_ce;
    attack.final_target_ce = context.adversarial->final_target_ce;
    context.report.adversarial = attack;
    const Variant variant = settings.variant_for(method_info(config.method));
    lambda_kl_ = variant.lambda_kl;
    if (lambda_kl_ > 0) {  // the trained model's distribution, before any update
      teacher_ = torch::softmax(train::predict_logits(context.model, context.adversarial->waves,
                                                      config.run.batch, config.run.device),
                                1);
    }
    if (use_ewc_) {
      start = Clock::now();
      AnchorOptions anchor;
      anchor.measure = variant.importance;
      anchor.direction = variant.anchor;
      anchor.normalization = parse_fisher_normalization(settings.fisher_norm);
      context.fisher = compute_fisher(context.model, context.forget.waves, context.wrong_labels,
                                      anchor, config.run.device);
      context.report.fisher_seconds = seconds_since(start);
      context.report.fisher = context.fisher->summary();
    }
    walk_ = PairedWalk(context.adversarial->waves.size(0), context.forget.size(), config.run.batch);
    hold_.prepare(context);
  }

  int64_t steps_per_epoch(const UnlearnContext&) const override { return walk_.steps(); }
  void begin_epoch(UnlearnContext& context) override {
    walk_.shuffle(*context.rng);
    hold_.begin_epoch();
  }

  torch::Tensor step_loss(UnlearnContext& context, int64_t step) override {
    const MethodSettings& settings = context.config->settings;
    MeanTerm adversarial{&context.adversarial->waves, &context.adversarial->targets,
                         walk_.set_indices(step), settings.lambda_adv};
    if (lambda_kl_ > 0) {
      adversarial.teacher = &teacher_;
      adversarial.weight_kl = lambda_kl_;
    }
    std::vector<MeanTerm> terms = {
        wrong_label_term(context, walk_.forget_indices(step), settings.lambda_mis), adversarial};
    hold_.add_term(context, step, terms);
    torch::Tensor loss = mean_terms_loss(context, terms);
    if (use_ewc_)
      loss =
          add_model_term(loss, settings.lambda_ewc * ewc_penalty(context.model, *context.fisher));
    return loss;
  }

 private:
  bool use_ewc_;
  double lambda_kl_ = 0.0;
  torch::Tensor teacher_;     // (N*M, C) f*'s probabilities on the adversarial set
  PairedWalk walk_;           // the adversarial set, paired with forget samples
  HeldOutDistillation hold_;  // --lambda-heldout
};

}  // namespace

std::unique_ptr<Method> make_adversarial_method(bool use_ewc) {
  return std::make_unique<AdversarialMethod>(use_ewc);
}

}  // namespace emoforget::unlearn
