// `emoforget evaluate`: UAR, WA, per-class recall and confusion matrix of a model.
#include <iostream>

#include "cli/command.h"
#include "train/evaluate_checkpoint.h"

namespace emoforget::cli {

Command add_evaluate_command(CLI::App& parent) {
  auto config = std::make_shared<train::EvaluateConfig>();
  auto report_path = std::make_shared<std::string>();
  Command command;
  CLI::App* app =
      parent.add_subcommand("evaluate", "Score a model on a manifest split or utterance list");
  command.app = app;
  app->add_option("--model", config->model_dir, "Hugging Face checkpoint directory")->required();
  app->add_option("--manifest", config->manifest, "Manifest CSV")->required();
  app->add_option("--split", config->split, "Split to evaluate (train|val|test)");
  app->add_option("--utts", config->utts,
                  "Evaluate these utterances instead (utt_ids or paths, one per line, or a CSV)");
  app->add_option("--batch", config->batch, "Batch size");
  app->add_option("--max-seconds", config->max_seconds,
                  "Crop or zero-pad every clip to this length");
  app->add_option("--device", config->device.device, "cpu | cuda | cuda:N");
  app->add_flag("--bf16", config->device.bf16, "bf16 autocast (CUDA)");
  app->add_option("--report", *report_path, "Also write the JSON report to this file");
  command.run = [config, report_path] {
    const std::string text = train::evaluate_checkpoint(*config).dump(2) + "\n";
    std::cout << text;
    if (!report_path->empty()) write_report(*report_path, text);
  };
  return command;
}

}  // namespace emoforget::cli
