// `emoforget predict`: classify audio files with a checkpoint directory; one
// row per file (label, probabilities and logits by label name) as a text table
// or JSON on stdout.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/run_flags.h"
#include "model/checkpoint.h"
#include "train/predict.h"
#include "train/prediction_report.h"

namespace emoforget::cli {
namespace {

struct PredictOptions {
  std::string model_dir;
  std::vector<std::string> files;
  bool json = false;
  train::PredictConfig config;
};

void run_predict(const PredictOptions& options) {
  options.config.validate();
  auto model = model::load_model(options.model_dir);
  std::cerr << "predict: " << model->config().describe() << "\n";
  const std::vector<std::filesystem::path> files(options.files.begin(), options.files.end());
  const auto predictions = train::predict_files(model, files, options.config);
  const auto& labels = model->config().id2label;
  if (options.json) {
    auto report = train::predictions_to_json(predictions, labels);
    report["model"] = options.model_dir;
    report["max_seconds"] = options.config.run.max_seconds;
    std::cout << report.dump(2) << "\n";
  } else {
    std::cout << train::predictions_table(predictions, labels);
  }
}

}  // namespace

Command add_predict_command(CLI::App& parent) {
  auto options = std::make_shared<PredictOptions>();
  Command command = make_command(parent, "predict", "Classify audio files with a checkpoint");
  command.app
      ->add_option("--model", options->model_dir,
                   "Checkpoint directory (config.json + model.safetensors)")
      ->required();
  command.app->add_flag("--json", options->json, "Print JSON instead of a table");
  RunFlagText text;
  text.batch_flag = "--batch-size";
  text.batch = "Files per forward pass (files of equal length only)";
  text.max_seconds = "Crop/zero-pad every file to this length (0 = full length)";
  add_run_flags(command.app, options->config.run, kDeviceFlags | kBatchFlag | kClipFlag, text);
  command.app->add_option("files", options->files, "Audio files (any format libsndfile reads)")
      ->required();
  command.run = [options] { run_predict(*options); };
  return command;
}

}  // namespace emoforget::cli
