// Sequence classification head over the backbone (see sequence_classifier.h).
#include "model/sequence_classifier.h"

#include "common/error.h"
#include "model/fused_linear.h"

namespace emoforget::model {

SequenceClassifierImpl::SequenceClassifierImpl(const ModelConfig& config) : config_(config) {
  config_.validate();
  if (config_.num_labels() < 1) {
    throw Error("model: config has no labels (id2label is empty); set the class names first");
  }
  backbone = register_module(config_.base_model_prefix(), Backbone(config_));
  if (config_.use_weighted_layer_sum) {
    const int64_t num_layers = config_.num_hidden_layers + 1;
    layer_weights = register_parameter("layer_weights", torch::ones({num_layers}) / num_layers);
  }
  projector = register_module("projector",
                              torch::nn::Linear(config_.hidden_size, config_.classifier_proj_size));
  classifier = register_module(
      "classifier", torch::nn::Linear(config_.classifier_proj_size, config_.num_labels()));
}

torch::Tensor SequenceClassifierImpl::forward(const torch::Tensor& input_values) {
  return forward_full(input_values, false).logits;
}

ClassifierOutput SequenceClassifierImpl::forward_full(const torch::Tensor& input_values,
                                                      bool output_hidden_states) {
  TORCH_CHECK(input_values.dim() == 2, "model: expected input_values (batch, samples), got ",
              input_values.sizes());
  const bool need_states = output_hidden_states || config_.use_weighted_layer_sum;
  BackboneOutput encoded = backbone->forward(input_values, need_states);

  torch::Tensor pooled_input;
  if (config_.use_weighted_layer_sum) {
    const torch::Tensor stacked = torch::stack(encoded.hidden_states, 1);  // (B, L+1, T, H)
    const torch::Tensor norm_weights = torch::softmax(layer_weights, -1);
    pooled_input = (stacked * norm_weights.view({-1, 1, 1})).sum(1);
  } else {
    pooled_input = encoded.last_hidden_state;
  }
  const torch::Tensor pooled = fused_linear(projector, pooled_input).mean(1);  // (B, proj)

  ClassifierOutput out;
  out.logits = fused_linear(classifier, pooled);
  out.pooled = pooled;
  if (output_hidden_states) out.hidden_states = std::move(encoded.hidden_states);
  return out;
}

void SequenceClassifierImpl::freeze_feature_encoder() {
  backbone->feature_extractor->freeze();
}

std::vector<std::string> SequenceClassifierImpl::head_parameter_names() const {
  std::vector<std::string> names;
  for (const auto& item : named_parameters()) {
    const std::string& name = item.key();
    if (name.rfind("projector.", 0) == 0 || name.rfind("classifier.", 0) == 0 ||
        name == "layer_weights") {
      names.push_back(name);
    }
  }
  return names;
}

int64_t SequenceClassifierImpl::num_parameters() const {
  int64_t total = 0;
  for (const auto& p : parameters())
    total += p.numel();
  return total;
}

}  // namespace emoforget::model
