// `emoforget finetune`: train an emotion classifier on a manifest (Adam, per-epoch
// validation UAR, best checkpoint, --resume).
#include <iostream>

#include "cli/command.h"
#include "common/error.h"
#include "train/finetune.h"

namespace emoforget::cli {

Command add_finetune_command(CLI::App& parent) {
  auto config = std::make_shared<train::FinetuneConfig>();
  auto train_splits = std::make_shared<std::string>("train");
  auto report_path = std::make_shared<std::string>();
  Command command;
  CLI::App* app = parent.add_subcommand(
      "finetune", "Fine-tune a Wav2Vec2/HuBERT emotion classifier on a manifest");
  command.app = app;
  app->add_option("--manifest", config->manifest, "Manifest CSV")->required();
  app->add_option("--init", config->init, "Start from this Hugging Face checkpoint directory");
  app->add_option("--preset", config->preset,
                  "Start from random weights: preset tiny|base|large, or a config.json");
  app->add_option("--out", config->out, "Output Hugging Face directory")->required();
  app->add_option("--train-splits", *train_splits,
                  "Comma-separated training splits (train or train,val)");
  app->add_option("--val-split", config->val_split,
                  "Validation split for model selection (\"\" = none)");
  app->add_option("--epochs", config->epochs, "Epochs");
  app->add_option("--lr", config->lr,
                  "Adam learning rate (0 = 3e-5 with --init, 1e-3 from a preset)");
  app->add_option("--batch", config->batch, "Batch size");
  app->add_option("--max-seconds", config->max_seconds,
                  "Crop or zero-pad every clip to this length");
  app->add_option("--max-grad-norm", config->max_grad_norm, "Clip the gradient norm (0 = off)");
  app->add_option("--warmup-ratio", config->warmup_ratio, "Share of steps with linear lr warmup");
  app->add_option("--save-init", config->save_init,
                  "Also write the starting weights here (with --preset: the --init that "
                  "`forget --method retrain` needs)");
  app->add_option("--crop", config->crop,
                  "Training clips: start (first --max-seconds) or random (a new random window "
                  "of each longer clip every epoch; augmentation)")
      ->check(CLI::IsMember({"start", "random"}));
  app->add_option("--seed", config->seed, "Seed of every random choice");
  app->add_option("--device", config->device.device, "cpu | cuda | cuda:N");
  app->add_flag("--bf16", config->device.bf16, "bf16 autocast (CUDA)");
  app->add_flag("--freeze-feature-encoder", config->freeze_feature_encoder,
                "Do not train the convolutional feature encoder");
  app->add_option("--keep", config->keep, "Keep the best epoch by validation UAR, or the last")
      ->check(CLI::IsMember({"best", "last"}));
  app->add_flag("--resume", config->resume, "Continue an interrupted run from its last epoch");
  app->add_flag("--overwrite", config->overwrite, "Replace an existing --out");
  app->add_option("--report", *report_path, "Also write the JSON report to this file");
  command.run = [config, train_splits, report_path] {
    config->train_splits = split_list(*train_splits);
    const nlohmann::json report = train::finetune(*config);
    const std::string text = report.dump(2) + "\n";
    std::cout << text;
    if (!report_path->empty()) write_report(*report_path, text);
  };
  return command;
}

}  // namespace emoforget::cli
