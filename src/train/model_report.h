// What a model directory says about how it was made: the report.json that
// `finetune` and `forget` write beside the weights. A downloaded checkpoint has
// none; a malformed one is an error naming the file.
#pragma once

#include <filesystem>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "train/run_options.h"

namespace emoforget::train {

// The clip length when neither the user nor the model's report gives one.
constexpr double kDefaultClipSeconds = 3.0;

// Run options whose clip length is resolved from the model (max_seconds 0 = auto):
// what forget, audit and evaluate start from.
RunOptions model_clip_run_options();
// The rules that accept that auto value.
RunOptions::Rules model_clip_rules();

// The model's report.json, or null when the directory has none.
nlohmann::json read_model_report(const std::filesystem::path& model_dir);

// Sets run.max_seconds to resolved_clip_seconds(run, model_dir) and says where it came from.
// The learning rate the model in `model_dir` was fine-tuned with (its report.json's
// config.lr) and where it came from; `fallback` when it records none.
std::pair<double, std::string> model_learning_rate(const std::filesystem::path& model_dir,
                                                   double fallback);
std::string resolve_clip_seconds(RunOptions& run, const std::filesystem::path& model_dir);

// The clip length a command scores and trains `model_dir` at: run.max_seconds when
// given (> 0); else (0 = auto) the length the model was made with (its report's
// config.max_seconds); else kDefaultClipSeconds. Returns it and where it came from.
std::pair<double, std::string> resolved_clip_seconds(const RunOptions& run,
                                                     const std::filesystem::path& model_dir);

}  // namespace emoforget::train
