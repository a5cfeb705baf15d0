#include "cli/method_flags.h"

#include <optional>

#include "unlearn/method_info.h"

namespace emoforget::cli {
namespace {

// A flag that sets `target` only when given (unset: the method's default).
template <typename T>
void add_optional(CLI::App* app, const std::string& name, std::optional<T>& target,
                  const std::string& description) {
  app->add_option_function<T>(
      name, [&target](const T& value) { target = value; }, description);
}

void add_variant_flags(CLI::App* app, unlearn::VariantChoice& v) {
  add_optional(app, "--importance", v.importance,
               "Anchor importance: fisher (paper, wrong labels) | mas (L2UL, |d||f(x)||^2|)");
  add_optional(app, "--anchor", v.anchor,
               "Anchored weights: important (paper) | complement (L2UL: 1 - normalised "
               "importance, forget-relevant weights free)");
  add_optional(app, "--optimizer", v.optimizer,
               "Unlearning optimiser: adam (paper) | sgd (momentum; the penalty can shrink a "
               "step)");
  add_optional(app, "--momentum", v.momentum, "SGD momentum (0.9)");
  add_optional(app, "--lambda-kl", v.lambda_kl,
               "Weight of KL(original || model) on the adversarial samples (0 = off)");
  add_optional(app, "--lambda-heldout", v.lambda_heldout,
               "Weight of KL(original || model) on the held-out split --until-split (speech "
               "of speakers the model never trained on holds the rest of its function; 0 = off)");
  add_optional(app, "--saliency", v.saliency,
               "Update only this share of weights, the most salient for the forget set (SalUn's "
               "mask from forget gradients alone; 1 = all)");
  add_optional(app, "--lr-scale", v.lr_scale,
               "Multiply the unlearning learning rate (--lr, or the fine-tuning one) by this "
               "(1 = as is)");
  add_optional(
      app, "--wrong-labels", v.wrong_labels,
      "Wrong label each forget sample is trained towards: random (paper) | nearest (the "
      "original model's most probable other class: the nearest boundary) | soft (the "
      "original model's probabilities of the other classes, renormalised, matched by KL) | "
      "lower (none: only the true class's score is pushed a margin below the best "
      "other class's, which is not trained up)");
  add_optional(app, "--until", v.until,
               "Stop early when the forget UAR reaches: none | zero | heldout (the original "
               "model's UAR on --until-split) | heldout-confidence (the forget set's mean "
               "true-label probability reaches the original's on --until-split) | a value");
  add_optional(app, "--until-every", v.until_every,
               "Check the --until rule after every this many unlearning steps (0 = after each "
               "epoch)");
}

// "; distill-stop: 10 unless named" for --m (`m`) or --p, from the methods that have their own.
std::string own_attack_text(const MethodFlagChoice& choice, bool m) {
  if (!choice.own_attack) return "";
  std::string text;
  for (const unlearn::MethodInfo& info : unlearn::method_infos()) {
    const int64_t own = m ? info.pgd_m : info.pgd_p;
    if (own > 0) text += "; " + info.name + ": " + std::to_string(own) + " unless named";
  }
  return text;
}

}  // namespace

void add_method_flags(CLI::App* app, unlearn::MethodSettings& s, const MethodFlagChoice& choice) {
  app->add_option("--m", s.pgd.m,
                  "Adversarial samples per forget sample (M)" + own_attack_text(choice, true));
  app->add_option("--p", s.pgd.p, "PGD steps (P)" + own_attack_text(choice, false));
  if (choice.single_tau) {
    app->add_option("--tau", s.pgd.tau, "PGD radius (normalised waveform units)");
  }
  app->add_option("--sigma", s.pgd.sigma, "PGD step size (0 = 2.5*tau/P)");
  app->add_option("--pgd-batch", s.pgd.batch, "Attacks per forward/backward pass");
  app->add_option("--lambda-mis", s.lambda_mis, "Weight of the random-label loss (lambda1)");
  app->add_option("--lambda-adv", s.lambda_adv, "Weight of the adversarial loss (lambda2)");
  app->add_option("--lambda-ewc", s.lambda_ewc, "Weight of the EWC penalty (lambda3)");
  app->add_option("--fisher-norm", s.fisher_norm, "Fisher scaling: none (paper) | mean (mean 1)");
  app->add_option("--" + choice.prefix + "epochs", s.epochs, "Unlearning epochs");
  app->add_option(
      "--" + choice.prefix + "lr", s.lr,
      "Unlearning learning rate (Adam; 0 = the lr the model was fine-tuned with, from its "
      "report.json, as the paper does; else 3e-5)");
  add_variant_flags(app, s.variant);
  if (choice.retrain) {
    const std::string reference = unlearn::reference_method().name;
    app->add_option("--retrain-epochs", s.retrain_epochs,
                    reference +
                        ": fine-tuning epochs (0 = as the model was trained, from its "
                        "report.json; else " +
                        std::to_string(unlearn::kDefaultRetrainEpochs) + ")");
    app->add_option("--retrain-lr", s.retrain_lr,
                    reference + ": learning rate (0 = as the model was trained; else automatic)");
  }
}

}  // namespace emoforget::cli
