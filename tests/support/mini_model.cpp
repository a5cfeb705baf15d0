#include "support/mini_model.h"

#include "model/checkpoint.h"

namespace emoforget::testing {

model::ModelConfig mini_model_config(const std::vector<std::string>& labels) {
  model::ModelConfig config = model::ModelConfig::preset("tiny");
  config.conv_dim = {16, 16, 16, 16, 16, 16, 16};
  config.hidden_size = 16;
  config.num_hidden_layers = 1;
  config.num_attention_heads = 2;
  config.intermediate_size = 32;
  config.num_conv_pos_embeddings = 8;
  config.num_conv_pos_embedding_groups = 2;
  config.classifier_proj_size = 16;
  config.id2label = labels;
  return config;
}

std::filesystem::path write_mini_model(const std::filesystem::path& dir,
                                       const std::vector<std::string>& labels, uint64_t seed) {
  model::SequenceClassifier model(mini_model_config(labels));
  model->init_weights(seed);
  model::save_model(model, dir);
  return dir;
}

}  // namespace emoforget::testing
