// `emoforget reproduce`: rerun the paper's Table 1 and Fig. 2 on a corpus and model.
#include <iostream>

#include "cli/command.h"
#include "experiments/reproduce_runner.h"

namespace emoforget::cli {

Command add_reproduce_command(CLI::App& parent) {
  auto c = std::make_shared<experiments::ReproduceConfig>();
  auto ns = std::make_shared<std::string>("10,30,50,100");
  auto taus = std::make_shared<std::string>("0.1,0.3,0.5,0.7");
  auto methods = std::make_shared<std::string>("remain,ranlab,adv,adv-ewc");
  auto settings = std::make_shared<std::string>("train-val,trainval-test");
  auto seeds = std::make_shared<std::string>("0");
  Command command;
  CLI::App* app = parent.add_subcommand(
      "reproduce",
      "Rerun the paper's experiments (Table 1, Fig. 2): fine-tune, unlearn over the grid, "
      "write table1.{csv,md}, fig2.{csv,png} and every run's report under --out/runs "
      "(resumable: finished runs are skipped)");
  command.app = app;
  app->add_option("--manifest", c->manifest, "Manifest CSV with train/val/test splits")->required();
  app->add_option("--init", c->init, "Fine-tune from this Hugging Face checkpoint directory");
  app->add_option("--preset", c->preset, "Or from a randomly initialised preset: tiny|base|large");
  app->add_option("--out", c->out, "Output directory (created; rerun with it to resume)")
      ->required();
  app->add_option("--n", *ns, "Forget-set sizes N (comma-separated)");
  app->add_option("--tau", *taus, "PGD radii swept for adv and adv-ewc (comma-separated)");
  app->add_option("--methods", *methods, "Unlearning methods: remain,ranlab,adv,adv-ewc");
  app->add_option("--settings", *settings,
                  "train-val (fine-tune on train, report val) and/or trainval-test (fine-tune "
                  "on train+val, report test; tau chosen on train-val's validation UAR)");
  app->add_option("--seeds", *seeds, "Seeds (several: mean ± std in the tables)");
  app->add_option("--epochs", c->epochs, "Fine-tuning epochs");
  app->add_option("--unlearn-epochs", c->unlearn_epochs, "Unlearning epochs");
  app->add_option("--m", c->m, "Adversarial samples per forget sample (M)");
  app->add_option("--p", c->p, "PGD steps (P)");
  app->add_option("--lambda-ewc", c->lambda_ewc, "Weight of the EWC penalty (lambda3)");
  app->add_option("--fisher-norm", c->fisher_norm, "Fisher scaling: none (paper) | mean");
  app->add_option("--lr", c->lr, "Fine-tuning learning rate (0 = 3e-5 with --init, 1e-3 preset)");
  app->add_option("--unlearn-lr", c->unlearn_lr, "Unlearning learning rate");
  app->add_option("--batch", c->batch, "Batch size (fine-tuning and unlearning)");
  app->add_option("--max-seconds", c->max_seconds, "Crop or zero-pad every clip to this length");
  app->add_option("--device", c->device.device, "cpu | cuda | cuda:N");
  app->add_flag("--bf16", c->device.bf16, "bf16 autocast (CUDA)");
  app->add_flag("--keep-models", c->keep_models,
                "Keep the unlearned models' weights (deleted after scoring by default)");
  command.run = [c, ns, taus, methods, settings, seeds] {
    c->ns = experiments::parse_int_list(*ns, "--n");
    c->taus = experiments::parse_double_list(*taus, "--tau");
    c->methods = experiments::parse_name_list(*methods, "--methods");
    c->settings = experiments::parse_name_list(*settings, "--settings");
    c->seeds = experiments::parse_seed_list(*seeds, "--seeds");
    std::cout << experiments::run_reproduce(*c).dump(2) << "\n";
  };
  return command;
}

}  // namespace emoforget::cli
