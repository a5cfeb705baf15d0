// Helpers of the model parity tests: the reference fixtures written by
// tools/make_model_fixtures.py (tests/fixtures/model/<case>/) and the difference metrics
// the tests assert on.
#pragma once

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "support/test_support.h"
#include "tensor_io/safetensors.h"
#include "tensor_io/tensor_map.h"

namespace emoforget::testing {

// Cases with a classification head and reference logits, hidden states and gradients.
inline const std::vector<std::string>& classifier_cases() {
  static const std::vector<std::string> cases = {"w2v2_base",         "w2v2_large_stable",
                                                 "w2v2_weighted_sum", "hubert_base",
                                                 "w2v2_even_kernel",  "w2v2_bin"};
  return cases;
}

// The Wav2Vec2ForPreTraining checkpoint (backbone + quantizer, no head, no labels).
inline const std::string kPretrainingCase = "w2v2_pretraining";

// Labels of every classifier fixture, in id order.
inline const std::vector<std::string>& fixture_labels() {
  static const std::vector<std::string> labels = {"angry", "happy", "neutral", "sad"};
  return labels;
}

inline std::filesystem::path model_fixture(const std::string& name) {
  return fixture("model/" + name);
}

inline tensor_io::TensorMap read_expected(const std::string& name) {
  return tensor_io::read_safetensors(model_fixture(name) / "expected.safetensors");
}

// The checkpoint file of a fixture (model.safetensors, or pytorch_model.bin for w2v2_bin).
inline std::filesystem::path weights_file(const std::string& name) {
  const auto dir = model_fixture(name);
  return std::filesystem::exists(dir / "model.safetensors") ? dir / "model.safetensors"
                                                            : dir / "pytorch_model.bin";
}

// transformers writes the positional-conv weight norm either as weight_g / weight_v or,
// with torch's parametrizations, as parametrizations.weight.original0 / original1; the
// model registers the former. Maps a checkpoint key to the model's parameter name.
inline std::string canonical_name(std::string name) {
  const std::vector<std::pair<std::string, std::string>> renames = {
      {"parametrizations.weight.original0", "weight_g"},
      {"parametrizations.weight.original1", "weight_v"}};
  for (const auto& [from, to] : renames) {
    const auto at = name.find(from);
    if (at != std::string::npos) name.replace(at, from.size(), to);
  }
  return name;
}

// Number of hidden_state_<i> tensors in an expected.safetensors.
inline size_t hidden_state_count(const tensor_io::TensorMap& expected) {
  size_t count = 0;
  while (expected.count("hidden_state_" + std::to_string(count)) != 0)
    ++count;
  return count;
}

inline double max_abs(const torch::Tensor& t) {
  return t.numel() == 0 ? 0.0 : t.abs().max().item<double>();
}

inline double max_abs_diff(const torch::Tensor& actual, const torch::Tensor& expected) {
  return max_abs(actual.to(torch::kFloat64) - expected.to(torch::kFloat64));
}

// max|actual - expected| / max(max|expected|, floor): the metric of the Python reference
// script. The floor keeps gradients that are zero in exact arithmetic (attention
// k_proj.bias) from dividing fp32 round-off by round-off.
inline double max_rel_diff(const torch::Tensor& actual, const torch::Tensor& expected,
                           double floor = 0.0) {
  const double scale = std::max(max_abs(expected), floor);
  return max_abs_diff(actual, expected) / (scale > 0.0 ? scale : 1.0);
}

// Reference gradients keyed by canonical parameter name ("grad/" prefix removed).
inline std::map<std::string, torch::Tensor> expected_gradients(
    const tensor_io::TensorMap& expected) {
  std::map<std::string, torch::Tensor> grads;
  const std::string prefix = "grad/";
  for (const auto& [key, value] : expected) {
    if (key.rfind(prefix, 0) == 0) grads[canonical_name(key.substr(prefix.size()))] = value;
  }
  return grads;
}

// 1e-3 of the largest reference parameter gradient (see max_rel_diff).
inline double gradient_floor(const std::map<std::string, torch::Tensor>& grads) {
  double largest = 0.0;
  for (const auto& [name, grad] : grads)
    largest = std::max(largest, max_abs(grad));
  return 1e-3 * largest;
}

}  // namespace emoforget::testing
