// Inference on audio files (see predict.h).
#include "train/predict.h"

#include "common/error.h"

namespace emoforget::train {

RunOptions predict_run_options() {
  RunOptions run;
  run.batch = 8;
  run.max_seconds = 0;
  return run;
}

void PredictConfig::validate() const {
  RunOptions::Rules rules;
  rules.full_length_allowed = true;
  rules.batch_flag = "--batch-size";
  run.validate(rules);
}

audio::AudioConfig PredictConfig::audio_config() const {
  return run.audio();
}

std::vector<Prediction> predict_batch(model::SequenceClassifier& model,
                                      const torch::Tensor& input_values,
                                      const std::vector<std::string>& names,
                                      const DeviceConfig& device) {
  if (input_values.dim() != 2 || input_values.size(0) != static_cast<int64_t>(names.size())) {
    throw Error("predict_batch: expected input_values of shape (" + std::to_string(names.size()) +
                ", samples), got " + std::to_string(input_values.dim()) + " dimensions");
  }
  const auto& id2label = model->config().id2label;
  torch::NoGradGuard no_grad;
  AutocastGuard autocast(device);
  const auto logits = model->forward(input_values.to(device.torch_device(), torch::kFloat32))
                          .to(torch::kCPU, torch::kFloat32)
                          .contiguous();
  const auto probabilities = torch::softmax(logits, /*dim=*/1).contiguous();
  if (logits.size(1) != static_cast<int64_t>(id2label.size())) {
    throw Error("model: " + std::to_string(logits.size(1)) + " logits but " +
                std::to_string(id2label.size()) + " labels in id2label");
  }

  std::vector<Prediction> predictions;
  const int64_t classes = logits.size(1);
  for (int64_t row = 0; row < logits.size(0); ++row) {
    Prediction p;
    p.file = names[row];
    const float* l = logits[row].data_ptr<float>();
    const float* q = probabilities[row].data_ptr<float>();
    p.logits.assign(l, l + classes);
    p.probabilities.assign(q, q + classes);
    p.label_id = logits[row].argmax().item<int64_t>();
    p.label = id2label[p.label_id];
    predictions.push_back(std::move(p));
  }
  return predictions;
}

std::vector<Prediction> predict_files(model::SequenceClassifier& model,
                                      const std::vector<std::filesystem::path>& files,
                                      const PredictConfig& config) {
  config.validate();
  const auto audio_config = config.audio_config();
  model->to(config.run.device.torch_device());
  model->eval();

  std::vector<Prediction> predictions;
  predictions.reserve(files.size());
  std::vector<torch::Tensor> pending;  // equal-length waveforms waiting for a forward pass
  std::vector<std::string> names;
  auto flush = [&] {
    if (pending.empty()) return;
    auto batch = predict_batch(model, torch::stack(pending), names, config.run.device);
    for (auto& p : batch)
      predictions.push_back(std::move(p));
    pending.clear();
    names.clear();
  };

  for (const auto& file : files) {
    auto waveform = audio::load_utterance(file, audio_config);
    const int64_t length = static_cast<int64_t>(waveform.samples.size());
    const int64_t frames = model->config().num_frames(length);
    if (frames < 1) {
      throw Error(file.string() + ": " + std::to_string(length) +
                  " samples at 16 kHz is too short for the model (no feature frame); "
                  "use a longer file or --max-seconds to pad it");
    }
    auto tensor = torch::from_blob(waveform.samples.data(), {length}, torch::kFloat32).clone();
    if (!pending.empty() && pending.front().size(0) != length) flush();
    pending.push_back(std::move(tensor));
    names.push_back(file.string());
    if (static_cast<int64_t>(pending.size()) == config.run.batch) flush();
  }
  flush();
  return predictions;
}

}  // namespace emoforget::train
