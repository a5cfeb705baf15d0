#include "train/inference.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include <torch/torch.h>

#include "common/error.h"
#include "common/interrupt.h"
#include "distributed/shard.h"
#include "distributed/world.h"

namespace emoforget::train {
namespace {

// A clip is scored on its own samples, but never on fewer than one frame of the
// feature encoder's receptive field (400 samples, 25 ms at 16 kHz).
constexpr int64_t kMinScoredSamples = 400;

int64_t scored_length(int64_t length, int64_t full) {
  return std::min(full, std::max(length, kMinScoredSamples));
}

}  // namespace

namespace {

// What a scoring pass returns for each clip.
enum class Output { kLogits, kPooled };

int64_t output_width(model::SequenceClassifier& model, Output output) {
  return output == Output::kPooled ? model->config().classifier_proj_size
                                   : model->config().num_labels();
}

// Logits (or pooled embeddings) of `waves` in batches of `batch_size`, on this rank alone.
torch::Tensor local_logits(model::SequenceClassifier& model, const torch::Tensor& waves,
                           int64_t batch_size, const DeviceConfig& device,
                           Output output = Output::kLogits) {
  const bool was_training = model->is_training();
  model->eval();
  torch::NoGradGuard no_grad;
  const torch::Device target = device.torch_device();
  std::vector<torch::Tensor> chunks;
  for (int64_t start = 0; start < waves.size(0); start += batch_size) {
    throw_if_interrupted("scoring");
    const int64_t end = std::min(start + batch_size, waves.size(0));
    AutocastGuard autocast(device);
    const torch::Tensor input = waves.slice(0, start, end).to(target);
    const torch::Tensor rows = output == Output::kPooled ? model->forward_full(input, false).pooled
                                                         : model->forward(input);
    chunks.push_back(rows.to(torch::kCPU, torch::kFloat32));
  }
  model->train(was_training);
  return torch::cat(chunks);
}

// Every rank's rows of `logits` (zero where another rank scored) summed: all of them.
void gather_rows(distributed::Group& group, torch::Tensor& logits) {
  if (group.size() == 1) return;
  torch::Tensor message = logits.to(group.device());
  group.all_reduce_sum(message, "gathering the scores");
  logits = message.to(torch::kCPU);
}

}  // namespace

torch::Tensor predict_logits(model::SequenceClassifier& model, const torch::Tensor& waves,
                             int64_t batch_size, const DeviceConfig& device) {
  if (batch_size < 1) throw Error("batch size must be >= 1, got " + std::to_string(batch_size));
  distributed::Group& group = distributed::world();
  if (group.size() == 1 || waves.size(0) == 0)
    return local_logits(model, waves, batch_size, device);
  // Batches dealt round-robin to the ranks, each scored as one process would.
  torch::Tensor logits = torch::zeros({waves.size(0), model->config().num_labels()});
  for (int64_t start = 0, b = 0; start < waves.size(0); start += batch_size, ++b) {
    if (!distributed::deals_to(b, group.rank(), group.size())) continue;
    const int64_t end = std::min(start + batch_size, waves.size(0));
    logits.slice(0, start, end)
        .copy_(local_logits(model, waves.slice(0, start, end), end - start, device));
  }
  gather_rows(group, logits);
  return logits;
}

namespace {

torch::Tensor predict_set(model::SequenceClassifier& model, const LabeledAudio& set,
                          int64_t batch_size, const DeviceConfig& device, Output output) {
  if (batch_size < 1) throw Error("batch size must be >= 1, got " + std::to_string(batch_size));
  const int64_t n = set.size();
  const int64_t full = set.waves.size(1);
  const torch::Tensor lengths = set.lengths.to(torch::kCPU, torch::kInt64).contiguous();
  if (lengths.numel() != n) throw Error("inference: the set has no length for every clip");
  if (n == 0) return local_logits(model, set.waves, batch_size, device, output);
  const int64_t* length = lengths.data_ptr<int64_t>();
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return length[a] > length[b]; });
  distributed::Group& group = distributed::world();
  torch::Tensor logits = torch::zeros({n, output_width(model, output)});
  int64_t batch_index = 0;
  for (size_t begin = 0; begin < order.size(); ++batch_index) {
    const int64_t samples = scored_length(length[order[begin]], full);
    size_t end = begin + 1;
    while (end < order.size() && end - begin < static_cast<size_t>(batch_size) &&
           scored_length(length[order[end]], full) == samples) {
      ++end;
    }
    if (distributed::deals_to(batch_index, group.rank(), group.size())) {
      const torch::Tensor rows =
          torch::tensor(std::vector<int64_t>(order.begin() + static_cast<std::ptrdiff_t>(begin),
                                             order.begin() + static_cast<std::ptrdiff_t>(end)),
                        torch::kInt64);
      const torch::Tensor part =
          local_logits(model, set.waves.index_select(0, rows).slice(1, 0, samples).contiguous(),
                       static_cast<int64_t>(end - begin), device, output);
      logits.index_copy_(0, rows, part);
    }
    begin = end;
  }
  gather_rows(group, logits);
  return logits;
}

}  // namespace

torch::Tensor predict_logits(model::SequenceClassifier& model, const LabeledAudio& set,
                             int64_t batch_size, const DeviceConfig& device) {
  if (!set.lengths.defined()) return predict_logits(model, set.waves, batch_size, device);
  return predict_set(model, set, batch_size, device, Output::kLogits);
}

torch::Tensor predict_pooled(model::SequenceClassifier& model, const LabeledAudio& set,
                             int64_t batch_size, const DeviceConfig& device) {
  if (!set.lengths.defined()) {
    LabeledAudio whole = set;
    whole.lengths = torch::full({set.size()}, set.waves.size(1), torch::kInt64);
    return predict_set(model, whole, batch_size, device, Output::kPooled);
  }
  return predict_set(model, set, batch_size, device, Output::kPooled);
}

metrics::ClassificationReport evaluate(model::SequenceClassifier& model, const LabeledAudio& set,
                                       int64_t batch_size, const DeviceConfig& device) {
  const torch::Tensor predicted = predict_logits(model, set, batch_size, device).argmax(1);
  const torch::Tensor truth = set.labels.contiguous();
  std::vector<int64_t> truth_ids(truth.data_ptr<int64_t>(),
                                 truth.data_ptr<int64_t>() + truth.numel());
  const torch::Tensor pred = predicted.contiguous();
  std::vector<int64_t> pred_ids(pred.data_ptr<int64_t>(), pred.data_ptr<int64_t>() + pred.numel());
  return metrics::classification_report(truth_ids, pred_ids, model->config().id2label);
}

}  // namespace emoforget::train
