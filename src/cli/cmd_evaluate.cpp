// `emoforget evaluate`: UAR, WA, per-class recall and confusion matrix of a model.
#include <iostream>

#include "cli/command.h"
#include "cli/run_flags.h"
#include "train/evaluate_checkpoint.h"

namespace emoforget::cli {

Command add_evaluate_command(CLI::App& parent) {
  auto config = std::make_shared<train::EvaluateConfig>();
  Command command =
      make_command(parent, "evaluate", "Score a model on a manifest split or utterance list");
  CLI::App* app = command.app;
  app->add_option("--model", config->model_dir, "Hugging Face checkpoint directory")->required();
  app->add_option("--manifest", config->manifest, "Manifest CSV")->required();
  app->add_option("--split", config->split, "Split to evaluate (train|val|test)");
  app->add_option("--utts", config->utts,
                  "Evaluate these utterances instead (utt_ids or paths, one per line, or a CSV)");
  RunFlagText text;
  text.max_seconds = kModelClipHelp;
  add_run_flags(app, config->run, kDeviceFlags | kBatchFlag | kClipFlag, text);
  auto report_path = add_report_flag(app);
  command.run = [config, report_path] {
    print_report(train::evaluate_checkpoint(*config), *report_path);
  };
  command.distributed = true;
  return command;
}

}  // namespace emoforget::cli
