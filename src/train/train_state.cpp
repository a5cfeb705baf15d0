#include "train/train_state.h"

#include <fstream>

#include "common/atomic_write.h"
#include "common/error.h"
#include "model/checkpoint.h"
#include "tensor_io/safetensors.h"

namespace emoforget::train {
namespace fs = std::filesystem;

nlohmann::json TrainState::to_json() const {
  return {{"epochs_done", epochs_done}, {"best_epoch", best_epoch}, {"best_uar", best_uar},
          {"history", history},         {"run_key", run_key},       {"lr_scale", lr_scale},
          {"rollbacks", rollbacks},     {"warnings", warnings}};
}

TrainState TrainState::from_json(const nlohmann::json& j) {
  TrainState state;
  state.epochs_done = j.at("epochs_done").get<int>();
  state.best_epoch = j.at("best_epoch").get<int>();
  state.best_uar = j.at("best_uar").get<double>();
  state.history = j.at("history");
  state.run_key = j.at("run_key");
  state.lr_scale = j.value("lr_scale", 1.0);
  state.rollbacks = j.value("rollbacks", nlohmann::json::array());
  state.warnings = j.value("warnings", nlohmann::json::array());
  return state;
}

void save_train_state(const fs::path& dir, model::SequenceClassifier& model,
                      torch::optim::Optimizer& optimizer, const TrainState& state) {
  write_dir_atomic(dir, [&](const fs::path& tmp) {
    model::save_model(model, tmp / "model");
    try {
      torch::save(optimizer, (tmp / "optimizer.pt").string());
    } catch (const c10::Error& e) {
      throw Error("cannot write the training state in " + dir.string() + ": " +
                  e.what_without_backtrace());
    }
    write_file_checked(tmp / "state.json", state.to_json().dump(2) + "\n");
  });
}

TrainState read_train_state(const fs::path& dir) {
  const fs::path file = dir / "state.json";
  std::ifstream in(file);
  if (!in) throw Error("cannot resume: " + file.string() + " is missing");
  try {
    return TrainState::from_json(nlohmann::json::parse(in));
  } catch (const nlohmann::json::exception& e) {
    throw Error("cannot resume: " + file.string() + " is malformed: " + e.what());
  }
}

void restore_train_state(const fs::path& dir, model::SequenceClassifier& model,
                         torch::optim::Optimizer& optimizer) {
  const tensor_io::TensorMap saved =
      tensor_io::read_safetensors(dir / "model" / "model.safetensors");
  torch::NoGradGuard no_grad;
  for (auto& item : model->named_parameters()) {
    const auto it = saved.find(item.key());
    if (it == saved.end()) {
      throw Error("cannot resume: " + item.key() + " is missing from " + dir.string());
    }
    item.value().copy_(it->second);
  }
  for (auto& item : model->named_buffers()) {
    const auto it = saved.find(item.key());
    if (it != saved.end()) item.value().copy_(it->second);
  }
  torch::load(optimizer, (dir / "optimizer.pt").string());
}

}  // namespace emoforget::train
