// `emoforget reproduce`: rerun the paper's Table 1 and Fig. 2 on a corpus and model.
#include <iostream>

#include "cli/command.h"
#include "cli/method_flags.h"
#include "cli/run_flags.h"
#include "common/comma_list.h"
#include "reproduce/runner.h"

namespace emoforget::cli {

Command add_reproduce_command(CLI::App& parent) {
  auto c = std::make_shared<reproduce::ReproduceConfig>();
  Command command = make_command(
      parent, "reproduce",
      "Rerun the paper's experiments (Table 1, Fig. 2): fine-tune, unlearn over the grid, "
      "write table1.{csv,md}, fig2.{csv,png} and every run's report under --out/runs "
      "(resumable: finished runs are skipped)");
  CLI::App* app = command.app;
  app->add_option("--manifest", c->manifest, "Manifest CSV with train/val/test splits")->required();
  app->add_option("--init", c->init, "Fine-tune from this Hugging Face checkpoint directory");
  app->add_option("--preset", c->preset,
                  "Or from a randomly initialised preset: tiny|base|large, or a config.json");
  app->add_option("--out", c->out, "Output directory (created; rerun with it to resume)")
      ->required();
  add_list_flag(app, "--n", c->ns, "Forget-set sizes N (comma-separated)");
  add_list_flag(app, "--tau", c->taus,
                "PGD radii swept for " + reproduce::tau_method_names("and") + " (comma-separated)");
  add_list_flag(app, "--methods", c->methods, "Unlearning methods: " + join_list(c->methods));
  add_list_flag(app, "--settings", c->settings,
                "train-val (fine-tune on train, report val) and/or trainval-test (fine-tune "
                "on train+val, report test; tau chosen on train-val's validation UAR)");
  add_seed_list_flag(app, "--seeds", c->seeds, "Seeds (several: mean ± std in the tables)");
  app->add_option("--epochs", c->epochs,
                  "Fine-tuning epochs (0 = the recipe's: 20, or from a --preset at least 4000 "
                  "steps)");
  app->add_option("--lr", c->lr, "Fine-tuning learning rate (0 = 3e-5 with --init, 1e-3 preset)");
  MethodFlagChoice choice;
  choice.prefix = "unlearn-";
  choice.single_tau = false;
  add_method_flags(app, c->unlearn, choice);
  RunFlagText text;
  text.batch =
      "Batch size (fine-tuning and unlearning; 0 = fine-tuning's recipe, unlearning at 16)";
  text.max_seconds =
      "Clip length in seconds (0 = fine-tuning's recipe; unlearning and scoring as the model "
      "was trained)";
  add_run_flags(app, c->run, kDeviceFlags | kBatchFlag | kClipFlag, text);
  app->add_flag("--keep-models", c->keep_models,
                "Keep the unlearned models' weights (deleted after scoring by default)");
  command.output = [c] { return std::filesystem::path(c->out); };
  command.after_interrupt =
      "the runs that finished are kept in --out: rerun the same command to go on from there";
  command.run = [c] { std::cout << reproduce::run_reproduce(*c).dump(2) << "\n"; };
  command.distributed = true;
  return command;
}

}  // namespace emoforget::cli
