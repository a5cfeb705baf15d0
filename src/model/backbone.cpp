// Speech encoder backbone (see backbone.h).
#include "model/backbone.h"

#include "model/spec_augment.h"

namespace emoforget::model {

BackboneImpl::BackboneImpl(const ModelConfig& config) : config_(config) {
  feature_extractor = register_module("feature_extractor", FeatureEncoder(config));
  feature_projection = register_module("feature_projection", FeatureProjection(config));
  if (config.has_masked_spec_embed()) {
    // transformers draws it U[0, 1) at construction; init_weights redraws it from the seed.
    masked_spec_embed = register_parameter("masked_spec_embed", torch::rand({config.hidden_size}));
  }
  encoder = register_module("encoder", Encoder(config));
}

BackboneOutput BackboneImpl::forward(const torch::Tensor& input_values, bool output_hidden_states) {
  BackboneOutput out;
  // (B, C, frames) -> (B, frames, C)
  const torch::Tensor features = feature_extractor->forward(input_values).transpose(1, 2);
  FeatureProjectionOutput projected = feature_projection->forward(features);
  out.extract_features = projected.extract_features;
  const torch::Tensor hidden =
      mask_hidden_states(projected.hidden_states, masked_spec_embed, config_, is_training());
  EncoderOutput encoded = encoder->forward(hidden, output_hidden_states);
  out.last_hidden_state = encoded.last_hidden_state;
  out.hidden_states = std::move(encoded.hidden_states);
  return out;
}

}  // namespace emoforget::model
