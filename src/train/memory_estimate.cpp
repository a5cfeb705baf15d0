#include "train/memory_estimate.h"

#include <algorithm>
#include <cstdio>

#include "common/error.h"
#include "common/memory_limit.h"

namespace emoforget::train {
namespace {

constexpr int64_t kFloat = 4;
// LibTorch's libraries, OpenMP pools and the heap's kept free memory (common/heap.h).
constexpr int64_t kRuntimeBytes = 450LL << 20;
// Saved tensors per element of each layer's output, on top of the counted ones:
// autograd's bookkeeping, dropout masks and the allocator's rounding (measured).
constexpr double kTrainingFactor = 1.5;
constexpr double kInferenceFactor = 2.0;

struct LayerSizes {
  int64_t largest = 0;  // elements of the largest single activation
  int64_t kept = 0;     // elements a backward pass keeps over the whole stack
};

LayerSizes layer_sizes(const model::ModelConfig& c, int64_t samples) {
  LayerSizes s;
  int64_t length = samples;
  s.kept += samples;
  for (size_t i = 0; i < c.conv_dim.size(); ++i) {
    length = length < c.conv_kernel[i] ? 0 : (length - c.conv_kernel[i]) / c.conv_stride[i] + 1;
    const int64_t out = c.conv_dim[i] * length;
    s.largest = std::max(s.largest, out);
    s.kept += 3 * out;  // convolution output, normalised, activated
  }
  const int64_t frames = length;
  const int64_t h = c.hidden_size;
  const int64_t conv_out = c.conv_dim.empty() ? 0 : c.conv_dim.back();
  s.kept += 2 * conv_out * frames + 2 * h * frames;  // feature projection
  s.kept += 4 * h * frames;                          // positional convolution
  const int64_t attention = c.num_attention_heads * frames * frames;
  const int64_t per_layer = 12 * h * frames + 3 * c.intermediate_size * frames + 3 * attention;
  s.kept += c.num_hidden_layers * per_layer;
  s.largest = std::max({s.largest, 2 * attention, 2 * c.intermediate_size * frames});
  return s;
}

}  // namespace

std::string MemoryEstimate::describe() const {
  std::string text = format_bytes(total()) + " (activations " + format_bytes(activations);
  if (!pass.empty()) text += " for " + pass;
  text += ", weights " + format_bytes(weights);
  if (optimizer > 0) text += ", optimiser " + format_bytes(optimizer);
  if (data > 0) text += ", audio " + format_bytes(data);
  return text + ", runtime " + format_bytes(runtime) + ")";
}

nlohmann::json MemoryEstimate::to_json() const {
  return {{"total_bytes", total()},
          {"activations_bytes", activations},
          {"weights_bytes", weights},
          {"optimizer_bytes", optimizer},
          {"data_bytes", data},
          {"runtime_bytes", runtime},
          {"pass", pass}};
}

int64_t parameter_count(const model::ModelConfig& c) {
  int64_t n = 0;
  int64_t in = 1;
  for (size_t i = 0; i < c.conv_dim.size(); ++i) {
    n += c.conv_dim[i] * in * c.conv_kernel[i] + (c.conv_bias ? c.conv_dim[i] : 0);
    if (c.feat_extract_norm == "layer" || i == 0) n += 2 * c.conv_dim[i];
    in = c.conv_dim[i];
  }
  const int64_t h = c.hidden_size;
  const int64_t f = c.intermediate_size;
  if (!c.is_hubert() || c.feat_proj_layer_norm) n += 2 * in;  // feature projection
  n += in * h + h;
  if (c.has_masked_spec_embed()) n += h;
  const int64_t groups = std::max<int64_t>(1, c.num_conv_pos_embedding_groups);
  const int64_t k = c.num_conv_pos_embeddings;
  n += h * (h / groups) * k + k + h + 2 * h;  // weight-normed positional conv, encoder norm
  const int64_t layer = 4 * (h * h + h) + 2 * h + (h * f + f) + (f * h + h) + 2 * h;
  n += c.num_hidden_layers * layer;
  if (c.use_weighted_layer_sum) n += c.num_hidden_layers + 1;
  const int64_t p = c.classifier_proj_size;
  n += h * p + p + p * c.num_labels() + c.num_labels();
  return n;
}

int64_t activation_bytes(const model::ModelConfig& config, int64_t batch, int64_t samples,
                         Pass pass) {
  const LayerSizes s = layer_sizes(config, samples);
  const double elements = pass == Pass::kInference
                              ? kInferenceFactor * static_cast<double>(s.largest + samples)
                              : kTrainingFactor * static_cast<double>(s.kept);
  return static_cast<int64_t>(elements * static_cast<double>(batch * kFloat));
}

MemoryEstimate base_estimate(const model::ModelConfig& config, int models, bool training) {
  MemoryEstimate e;
  const int64_t weights = parameter_count(config) * kFloat;
  e.runtime = kRuntimeBytes;
  e.weights = models * weights;
  e.optimizer = training ? 3 * weights : 0;
  return e;
}

std::string batch_text(int64_t batch, double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "batches of %lld clips of %.3g s", static_cast<long long>(batch),
                seconds);
  return text;
}

void check_memory_fits(const MemoryEstimate& estimate, const std::string& what) {
  const int64_t limit = memory_limit_bytes();
  if (limit <= 0 || estimate.total() <= limit) return;
  throw Error(what + " needs about " + estimate.describe() + " but " + format_bytes(limit) +
              " is allowed (" + memory_limit_source() +
              "); lower --batch or --max-seconds, or set --max-memory");
}

}  // namespace emoforget::train
