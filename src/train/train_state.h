// Resume state of a training run, saved after every epoch: the model, Adam's
// moments, and the history so far, in one atomically replaced folder.
#pragma once

#include <filesystem>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "model/sequence_classifier.h"

namespace emoforget::train {

struct TrainState {
  int epochs_done = 0;
  int best_epoch = 0;  // 1-based; 0 = none yet
  double best_uar = -1.0;
  nlohmann::json history = nlohmann::json::array();  // one object per finished epoch
  nlohmann::json run_key;  // the settings a resumed run must share with the first
  double lr_scale = 1.0;   // halved at each rollback after a collapse (collapse_guard.h)
  nlohmann::json rollbacks = nlohmann::json::array();  // {epoch, loss, lr_scale} per rollback
  nlohmann::json warnings = nlohmann::json::array();   // what stderr was told

  nlohmann::json to_json() const;
  static TrainState from_json(const nlohmann::json& j);
};

void save_train_state(const std::filesystem::path& dir, model::SequenceClassifier& model,
                      torch::optim::Optimizer& optimizer, const TrainState& state);

// Reads state.json only (no tensors): what a resume needs to decide.
TrainState read_train_state(const std::filesystem::path& dir);

// Loads the model weights and Adam state saved in `dir` into `model` and `optimizer`
// (which must have been built with the same architecture and parameter order).
void restore_train_state(const std::filesystem::path& dir, model::SequenceClassifier& model,
                         torch::optim::Optimizer& optimizer);

}  // namespace emoforget::train
