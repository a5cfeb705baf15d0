#include "train/inference.h"

#include <torch/torch.h>

#include "common/error.h"

namespace emoforget::train {

torch::Tensor predict_logits(model::SequenceClassifier& model, const torch::Tensor& waves,
                             int64_t batch_size, const DeviceConfig& device) {
  if (batch_size < 1) throw Error("batch size must be >= 1, got " + std::to_string(batch_size));
  const bool was_training = model->is_training();
  model->eval();
  torch::NoGradGuard no_grad;
  const torch::Device target = device.torch_device();
  std::vector<torch::Tensor> chunks;
  for (int64_t start = 0; start < waves.size(0); start += batch_size) {
    const int64_t end = std::min(start + batch_size, waves.size(0));
    AutocastGuard autocast(device);
    torch::Tensor logits = model->forward(waves.slice(0, start, end).to(target));
    chunks.push_back(logits.to(torch::kCPU, torch::kFloat32));
  }
  model->train(was_training);
  return torch::cat(chunks);
}

metrics::ClassificationReport evaluate(model::SequenceClassifier& model, const LabeledAudio& set,
                                       int64_t batch_size, const DeviceConfig& device) {
  const torch::Tensor predicted = predict_logits(model, set.waves, batch_size, device).argmax(1);
  const torch::Tensor truth = set.labels.contiguous();
  std::vector<int64_t> truth_ids(truth.data_ptr<int64_t>(),
                                 truth.data_ptr<int64_t>() + truth.numel());
  const torch::Tensor pred = predicted.contiguous();
  std::vector<int64_t> pred_ids(pred.data_ptr<int64_t>(), pred.data_ptr<int64_t>() + pred.numel());
  return metrics::classification_report(truth_ids, pred_ids, model->config().id2label);
}

}  // namespace emoforget::train
