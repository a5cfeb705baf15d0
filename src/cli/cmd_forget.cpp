// `emoforget forget`: unlearn a forget set (paper Section 2) or run a baseline.
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "unlearn/method.h"
#include "unlearn/unlearn.h"

namespace emoforget::cli {
Command add_forget_command(CLI::App& parent) {
  auto c = std::make_shared<unlearn::UnlearnConfig>();
  auto train_splits = std::make_shared<std::string>("train");
  auto eval_splits = std::make_shared<std::string>("val,test");
  auto report_path = std::make_shared<std::string>();
  Command command;
  CLI::App* app = parent.add_subcommand(
      "forget",
      "Unlearn a forget set from a trained model (methods: adv-ewc, adv, ranlab, remain, "
      "neggrad, retrain)");
  command.app = app;
  app->add_option("--model", c->model_dir, "Trained model (Hugging Face directory); not modified")
      ->required();
  app->add_option("--manifest", c->manifest, "Manifest CSV the model was trained from")->required();
  app->add_option("--out", c->out, "Output directory for the unlearned model + report.json")
      ->required();
  app->add_option("--method", c->method, "Unlearning method")
      ->check(CLI::IsMember(unlearn::method_names()));
  app->add_option("--forget-file", c->forget.file, "CSV/list of utt_ids or paths to forget");
  app->add_option("--forget-speaker", c->forget.speaker,
                  "Forget all training utterances of a speaker");
  app->add_option("--forget-random", c->forget.random, "Forget N random training utterances");
  app->add_option("--init", c->init, "retrain: the checkpoint the model was fine-tuned from");
  app->add_option("--train-splits", *train_splits, "Splits the model was trained on");
  app->add_option("--eval-splits", *eval_splits,
                  "Held-out splits scored before and after (\"\" = none)");
  app->add_option("--m", c->pgd.m, "Adversarial samples per forget sample (M)");
  app->add_option("--p", c->pgd.p, "PGD steps (P)");
  app->add_option("--tau", c->pgd.tau, "PGD radius (normalised waveform units)");
  app->add_option("--sigma", c->pgd.sigma, "PGD step size (0 = 2.5*tau/P)");
  app->add_option("--pgd-batch", c->pgd.batch, "Attacks per forward/backward pass");
  app->add_option("--pgd-cache", c->pgd_cache,
                  "Reuse adversarial sets across runs (same model, forget set, seed, M, P, tau): "
                  "stored in this folder");
  app->add_option("--lambda-mis", c->lambda_mis, "Weight of the random-label loss (lambda1)");
  app->add_option("--lambda-adv", c->lambda_adv, "Weight of the adversarial loss (lambda2)");
  app->add_option("--lambda-ewc", c->lambda_ewc, "Weight of the EWC penalty (lambda3)");
  app->add_option("--fisher-norm", c->fisher_norm, "Fisher scaling: none (paper) | mean (mean 1)")
      ->check(CLI::IsMember({"none", "mean"}));
  app->add_option("--epochs", c->epochs, "Unlearning epochs");
  app->add_option("--lr", c->lr, "Adam learning rate");
  app->add_option("--batch", c->batch, "Batch size");
  app->add_option("--max-seconds", c->max_seconds, "Crop or zero-pad every clip to this length");
  app->add_option("--seed", c->seed, "Seed of every random choice");
  app->add_option("--device", c->device.device, "cpu | cuda | cuda:N");
  app->add_flag("--bf16", c->device.bf16, "bf16 autocast (CUDA)");
  app->add_option("--retrain-epochs", c->retrain_epochs,
                  "retrain: fine-tuning epochs (0 = as the model was trained, from its "
                  "report.json; else 20)");
  app->add_option("--retrain-lr", c->retrain_lr,
                  "retrain: learning rate (0 = as the model was trained; else automatic)");
  app->add_flag("--overwrite", c->overwrite, "Replace an existing --out");
  app->add_option("--report", *report_path, "Also write the JSON report to this file");
  command.run = [c, train_splits, eval_splits, report_path] {
    c->train_splits = split_list(*train_splits);
    c->eval_splits = split_list(*eval_splits);
    const std::string text = unlearn::run_unlearning(*c).dump(2) + "\n";
    std::cout << text;
    if (!report_path->empty()) write_report(*report_path, text);
  };
  return command;
}

}  // namespace emoforget::cli
