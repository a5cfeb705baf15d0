// Wav2Vec2ForSequenceClassification / HubertForSequenceClassification: the backbone, then a
// per-frame projector, mean pooling over frames and a linear classifier. With
// use_weighted_layer_sum the pooled input is softmax(layer_weights)-weighted sum of all
// num_hidden_layers + 1 hidden states. Registered names equal Hugging Face checkpoint keys.
#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

#include "model/backbone.h"
#include "model/config.h"

namespace emoforget::model {

struct ClassifierOutput {
  torch::Tensor logits;                      // (B, num_labels)
  torch::Tensor pooled;                      // (B, classifier_proj_size): the classifier's input
  std::vector<torch::Tensor> hidden_states;  // as transformers' output_hidden_states
};

class SequenceClassifierImpl : public torch::nn::Module {
 public:
  explicit SequenceClassifierImpl(const ModelConfig& config);
  // (B, samples) float waveform -> logits (B, num_labels)
  torch::Tensor forward(const torch::Tensor& input_values);
  ClassifierOutput forward_full(const torch::Tensor& input_values, bool output_hidden_states);

  const ModelConfig& config() const { return config_; }
  // requires_grad(false) on the convolutional feature encoder (as transformers'
  // freeze_feature_encoder); gradients still flow to the input.
  void freeze_feature_encoder();
  // transformers' _init_weights for every parameter, drawn from a generator seeded with `seed`
  // (implemented in init_weights.cpp).
  void init_weights(uint64_t seed);
  // Full names of the head parameters: projector.*, classifier.*, layer_weights.
  std::vector<std::string> head_parameter_names() const;
  // Total number of parameter elements.
  int64_t num_parameters() const;

  Backbone backbone{nullptr};  // registered as config.base_model_prefix()
  torch::nn::Linear projector{nullptr};
  torch::nn::Linear classifier{nullptr};
  torch::Tensor layer_weights;  // (num_hidden_layers + 1); only with use_weighted_layer_sum

 private:
  ModelConfig config_;
};
TORCH_MODULE(SequenceClassifier);

}  // namespace emoforget::model
