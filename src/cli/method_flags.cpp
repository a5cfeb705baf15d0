#include "cli/method_flags.h"

#include "unlearn/method_info.h"

namespace emoforget::cli {

void add_method_flags(CLI::App* app, unlearn::MethodSettings& s, const MethodFlagChoice& choice) {
  app->add_option("--m", s.pgd.m, "Adversarial samples per forget sample (M)");
  app->add_option("--p", s.pgd.p, "PGD steps (P)");
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
