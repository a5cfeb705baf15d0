// `emoforget finetune`: train an emotion classifier on a manifest (Adam, per-epoch
// validation UAR, best checkpoint, --resume). Two default recipes: the paper's with a
// pretrained --init, and one measured for training from scratch with --preset.
#include <iostream>

#include "cli/command.h"
#include "cli/run_flags.h"
#include "train/finetune.h"
#include "unlearn/method_info.h"

namespace emoforget::cli {

Command add_finetune_command(CLI::App& parent) {
  auto config = std::make_shared<train::FinetuneConfig>();
  Command command = make_command(parent, "finetune",
                                 "Fine-tune a Wav2Vec2/HuBERT emotion classifier on a manifest");
  CLI::App* app = command.app;
  app->add_option("--manifest", config->manifest, "Manifest CSV")->required();
  app->add_option("--init", config->init, "Start from this Hugging Face checkpoint directory");
  app->add_option("--preset", config->preset,
                  "Start from random weights: preset tiny|base|large, or a config.json");
  app->add_option("--out", config->out, "Output Hugging Face directory")->required();
  add_list_flag(app, "--train-splits", config->train_splits,
                "Comma-separated training splits (train or train,val)");
  app->add_option("--val-split", config->val_split,
                  "Validation split for model selection (\"\" = none)");
  app->add_option("--epochs", config->epochs,
                  "Epochs (0 = the recipe's: 20, and from a --preset at least as many as 4000 "
                  "steps take)");
  app->add_option(
      "--lr", config->lr,
      "Adam learning rate (0 = 3e-5 with --init, 1e-3 from a preset); an epoch whose loss "
      "collapses back to chance is rolled back and retried at half of it, at most 3 "
      "times");
  app->add_option("--max-grad-norm", config->max_grad_norm, "Clip the gradient norm (0 = off)");
  app->add_option("--warmup-ratio", config->warmup_ratio,
                  "Share of steps with linear lr warmup (-1 = the recipe's: 0.05 from a "
                  "--preset, 0 with --init)");
  app->add_option("--lr-schedule", config->schedule,
                  "Learning rate after the warmup: constant, linear (decays to 0 at the last "
                  "step) or auto (linear from a --preset, constant with --init)");
  app->add_option("--save-init", config->save_init,
                  "Also write the starting weights here (with --preset: the --init that "
                  "`forget --method " +
                      unlearn::reference_method().name + "` needs)");
  app->add_option("--crop", config->crop,
                  "Training clips: start (first --max-seconds), random (a new random window "
                  "of each longer clip every epoch; augmentation) or auto (random from a "
                  "--preset, start with --init)");
  RunFlagText text;
  text.batch = "Clips per step (0 = the recipe's: 8 from a --preset, 16 with --init)";
  text.max_seconds =
      "Crop or zero-pad every clip to this length (seconds; 0 = the recipe's: 1.5 from a "
      "--preset, 3 with --init)";
  add_run_flags(app, config->run, kAllRunFlags, text);
  app->add_option("--exclude", config->exclude_file,
                  "Never train on the utterances this file lists (utt_ids or paths, one per line "
                  "or a CSV with a utt_id/path column): a retrained reference without a forget "
                  "set");
  app->add_flag("--freeze-feature-encoder", config->freeze_feature_encoder,
                "Do not train the convolutional feature encoder");
  app->add_option("--keep", config->keep, "Keep the best epoch by validation UAR, or the last");
  app->add_flag("--resume", config->resume, "Continue an interrupted run from its last epoch");
  app->add_flag("--overwrite", config->overwrite, "Replace an existing --out");
  auto report_path = add_report_flag(app);
  command.output = [config] { return std::filesystem::path(config->out); };
  command.after_interrupt =
      "nothing was written to --out; the finished epochs are kept: rerun the same command with "
      "--resume to continue after the last one";
  command.run = [config, report_path] { print_report(train::finetune(*config), *report_path); };
  command.distributed = true;
  return command;
}

}  // namespace emoforget::cli
