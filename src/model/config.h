// ModelConfig: the Wav2Vec2 / HuBERT sequence-classification configuration, read from and
// written to a Hugging Face config.json (same keys, same defaults as transformers).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace emoforget::model {

struct ModelConfig {
  std::string model_type = "wav2vec2";  // "wav2vec2" | "hubert"
  int64_t hidden_size = 768;
  int64_t num_hidden_layers = 12;
  int64_t num_attention_heads = 12;
  int64_t intermediate_size = 3072;
  std::string hidden_act = "gelu";  // only exact "gelu" is supported

  // Feature encoder (7 convolutions over the raw waveform, no padding).
  std::vector<int64_t> conv_dim{512, 512, 512, 512, 512, 512, 512};
  std::vector<int64_t> conv_kernel{10, 3, 3, 3, 3, 2, 2};
  std::vector<int64_t> conv_stride{5, 2, 2, 2, 2, 2, 2};
  bool conv_bias = false;
  std::string feat_extract_norm = "group";  // "group" | "layer"
  std::string feat_extract_activation = "gelu";
  bool do_stable_layer_norm = false;  // true: pre-LN encoder (large/lv60 models)

  // Positional convolution (weight-normed grouped Conv1d).
  int64_t num_conv_pos_embeddings = 128;
  int64_t num_conv_pos_embedding_groups = 16;

  double layer_norm_eps = 1e-5;
  double initializer_range = 0.02;

  // Training-time regularisation, as transformers applies it.
  double hidden_dropout = 0.1;
  double attention_dropout = 0.1;
  double activation_dropout = 0.0;
  double feat_proj_dropout = 0.0;
  double final_dropout = 0.1;  // kept for the config round trip; unused by the head
  double layerdrop = 0.1;
  bool apply_spec_augment = true;
  double mask_time_prob = 0.05;
  int64_t mask_time_length = 10;
  int64_t mask_time_min_masks = 2;
  double mask_feature_prob = 0.0;
  int64_t mask_feature_length = 10;
  int64_t mask_feature_min_masks = 0;

  bool feat_proj_layer_norm = true;  // HuBERT only (Wav2Vec2 always has the LayerNorm)

  // Classification head.
  int64_t classifier_proj_size = 256;
  bool use_weighted_layer_sum = false;
  std::vector<std::string> id2label;  // index = class id; num_labels = size

  nlohmann::json extra = nlohmann::json::object();  // unknown keys, kept for a faithful round trip

  int64_t num_labels() const { return static_cast<int64_t>(id2label.size()); }
  bool is_hubert() const { return model_type == "hubert"; }
  // "wav2vec2" or "hubert": the prefix of the backbone's parameter names.
  std::string base_model_prefix() const { return is_hubert() ? "hubert" : "wav2vec2"; }
  // "Wav2Vec2ForSequenceClassification" / "HubertForSequenceClassification".
  std::string architecture() const;
  // Whether the backbone has the `masked_spec_embed` parameter (as transformers decides).
  bool has_masked_spec_embed() const { return mask_time_prob > 0.0 || mask_feature_prob > 0.0; }
  // Frames the feature encoder produces for `num_samples` input samples (0 if too short).
  int64_t num_frames(int64_t num_samples) const;
  // Input samples per output frame (product of the conv strides; 320 for the standard stack).
  int64_t total_stride() const;

  // Parses config.json content. Types are strict; errors name `source` and the key.
  // Absent keys keep transformers' defaults; unknown keys go to `extra`.
  static ModelConfig from_json(const nlohmann::json& j, const std::string& source);
  // Parses config.json text (not valid JSON: an error naming `source`), then from_json.
  static ModelConfig from_text(const std::string& text, const std::string& source);
  static ModelConfig from_file(const std::string& path);
  // Hugging Face keys, including architectures, id2label/label2id, num_labels, model_type,
  // hidden_act, feat_extract_activation, num_feat_extract_layers and the `extra` keys.
  nlohmann::json to_json() const;
  // Throws emoforget::Error naming the field and the bad value.
  void validate() const;
  // One-line printable form (logged at the start of every run).
  std::string describe() const;

  // "tiny": small enough for CPU tests and training from scratch (see config_presets.cpp),
  // "base": facebook/wav2vec2-base shape (~95M parameters), "large": wav2vec2-large-lv60 shape.
  // Presets have no labels; set id2label before building a model.
  static ModelConfig preset(const std::string& name);
  static std::vector<std::string> preset_names();
};

}  // namespace emoforget::model
