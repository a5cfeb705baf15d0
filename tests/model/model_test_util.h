// Small configurations and inputs shared by the model_*_test programs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "model/config.h"

namespace emoforget::testing {

// 4000 samples (0.25 s) give 12 frames with the standard 7-layer conv stack.
constexpr int64_t kTestSamples = 4000;

// A few thousand parameters with the standard conv kernels and strides.
inline model::ModelConfig micro_config(const std::string& model_type = "wav2vec2") {
  model::ModelConfig c;
  c.model_type = model_type;
  c.conv_dim.assign(7, 16);
  c.hidden_size = 32;
  c.num_hidden_layers = 2;
  c.num_attention_heads = 4;
  c.intermediate_size = 64;
  c.num_conv_pos_embeddings = 8;
  c.num_conv_pos_embedding_groups = 4;
  c.classifier_proj_size = 16;
  c.id2label = {"anger", "joy", "neutral"};
  return c;
}

// Deterministic waveform batch (B, kTestSamples).
inline torch::Tensor test_input(int64_t batch, uint64_t seed = 7,
                                torch::Dtype dtype = torch::kFloat32) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  return torch::randn({batch, kTestSamples}, gen, torch::TensorOptions().dtype(dtype));
}

// Expects `body` to throw emoforget::Error (or another std::exception) whose message contains
// every one of `fragments`.
inline void expect_error(const std::function<void()>& body,
                         const std::vector<std::string>& fragments) {
  try {
    body();
    ADD_FAILURE() << "no exception; expected one mentioning " << fragments.front();
  } catch (const std::exception& e) {
    const std::string message = e.what();
    for (const auto& fragment : fragments) {
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "'" << fragment << "' not in: " << message;
    }
  }
}

}  // namespace emoforget::testing
