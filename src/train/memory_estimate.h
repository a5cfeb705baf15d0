// What a run will need in memory, from the model's shape and the run's sizes, before
// anything large is allocated: the weights, the optimiser's state, the activations a
// pass keeps (for a backward pass: every layer's saved tensors; otherwise the largest
// layer's), the decoded audio and LibTorch's own footprint. check_memory_fits() refuses a
// run whose estimate exceeds the limit (common/memory_limit.h) with the figures and what
// to lower. The activation model is the tensors each layer of the Wav2Vec2 stack keeps,
// scaled by a factor measured on this implementation (docs/reliability.md).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "model/config.h"

namespace emoforget::train {

enum class Pass {
  kInference,      // scoring: no graph kept
  kInputGradient,  // PGD: backward to the input, parameters frozen
  kTraining,       // backward to every parameter
};

struct MemoryEstimate {
  int64_t runtime = 0;      // LibTorch, the program, the allocator's reserve
  int64_t weights = 0;      // the model(s) held at once
  int64_t optimizer = 0;    // gradients + Adam's two moments
  int64_t activations = 0;  // the largest pass of the run
  int64_t data = 0;         // decoded audio held in memory
  std::string pass;         // what the activations are for, e.g. "training, batch 8 of 1.5 s"

  int64_t total() const { return runtime + weights + optimizer + activations + data; }
  std::string describe() const;
  nlohmann::json to_json() const;
};

// Parameters of `config`'s model, counted from its shape.
int64_t parameter_count(const model::ModelConfig& config);

// Bytes of float32 activations one pass over `batch` clips of `samples` samples keeps.
int64_t activation_bytes(const model::ModelConfig& config, int64_t batch, int64_t samples,
                         Pass pass);

// The part every run shares: runtime, `models` copies of the weights, and the
// optimiser's state when `training`.
MemoryEstimate base_estimate(const model::ModelConfig& config, int models, bool training);

// "batches of 8 clips of 1.5 s", for MemoryEstimate::pass.
std::string batch_text(int64_t batch, double seconds);

// Throws Error when `estimate` exceeds the limit: "<what> needs about X (...) but Y is
// available (...); lower --batch or --max-seconds, or set --max-memory".
void check_memory_fits(const MemoryEstimate& estimate, const std::string& what);

}  // namespace emoforget::train
