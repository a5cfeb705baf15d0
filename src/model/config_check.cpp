// ModelConfig::validate and ModelConfig::describe (see config.h).
#include <set>
#include <sstream>

#include "common/error.h"
#include "model/config.h"

namespace emoforget::model {
namespace {

// Input samples per output frame at most (the standard feature encoder has 320).
constexpr int64_t kMaxTotalStride = int64_t{1} << 24;

[[noreturn]] void bad(const std::string& field, const std::string& value, const std::string& want) {
  throw Error("model config: " + field + " = " + value + " is invalid: " + want);
}

void check_positive(const std::string& field, int64_t value) {
  if (value <= 0) bad(field, std::to_string(value), "must be > 0");
}

void check_probability(const std::string& field, double value) {
  if (!(value >= 0.0 && value <= 1.0)) bad(field, std::to_string(value), "must be in [0, 1]");
}

std::string join(const std::vector<int64_t>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i)
    out += (i ? "," : "") + std::to_string(values[i]);
  return "[" + out + "]";
}

}  // namespace

void ModelConfig::validate() const {
  if (model_type != "wav2vec2" && model_type != "hubert") {
    bad("model_type", "\"" + model_type + "\"", "supported: \"wav2vec2\", \"hubert\"");
  }
  check_positive("hidden_size", hidden_size);
  check_positive("num_hidden_layers", num_hidden_layers);
  check_positive("num_attention_heads", num_attention_heads);
  check_positive("intermediate_size", intermediate_size);
  if (hidden_size % num_attention_heads != 0) {
    bad("num_attention_heads", std::to_string(num_attention_heads),
        "must divide hidden_size " + std::to_string(hidden_size));
  }
  if (hidden_act != "gelu")
    bad("hidden_act", "\"" + hidden_act + "\"", "only \"gelu\" is supported");
  if (feat_extract_activation != "gelu") {
    bad("feat_extract_activation", "\"" + feat_extract_activation + "\"",
        "only \"gelu\" is supported");
  }
  if (conv_dim.empty() || conv_kernel.size() != conv_dim.size() ||
      conv_stride.size() != conv_dim.size()) {
    bad("conv_dim/conv_kernel/conv_stride",
        join(conv_dim) + "/" + join(conv_kernel) + "/" + join(conv_stride),
        "must be non-empty and of equal length");
  }
  for (size_t i = 0; i < conv_dim.size(); ++i) {
    check_positive("conv_dim[" + std::to_string(i) + "]", conv_dim[i]);
    check_positive("conv_kernel[" + std::to_string(i) + "]", conv_kernel[i]);
    check_positive("conv_stride[" + std::to_string(i) + "]", conv_stride[i]);
  }
  // total_stride() multiplies the strides: keep the product far from int64 overflow.
  int64_t total = 1;
  for (const int64_t stride : conv_stride) {
    if (stride > kMaxTotalStride / total) {
      bad("conv_stride", join(conv_stride),
          "the strides multiply to more than " + std::to_string(kMaxTotalStride) +
              " samples per frame");
    }
    total *= stride;
  }
  if (feat_extract_norm != "group" && feat_extract_norm != "layer") {
    bad("feat_extract_norm", "\"" + feat_extract_norm + "\"", "supported: \"group\", \"layer\"");
  }
  check_positive("num_conv_pos_embeddings", num_conv_pos_embeddings);
  check_positive("num_conv_pos_embedding_groups", num_conv_pos_embedding_groups);
  if (hidden_size % num_conv_pos_embedding_groups != 0) {
    bad("num_conv_pos_embedding_groups", std::to_string(num_conv_pos_embedding_groups),
        "must divide hidden_size " + std::to_string(hidden_size));
  }
  if (!(layer_norm_eps > 0.0)) bad("layer_norm_eps", std::to_string(layer_norm_eps), "must be > 0");
  if (!(initializer_range > 0.0)) {
    bad("initializer_range", std::to_string(initializer_range), "must be > 0");
  }
  check_probability("hidden_dropout", hidden_dropout);
  check_probability("attention_dropout", attention_dropout);
  check_probability("activation_dropout", activation_dropout);
  check_probability("feat_proj_dropout", feat_proj_dropout);
  check_probability("final_dropout", final_dropout);
  check_probability("layerdrop", layerdrop);
  check_probability("mask_time_prob", mask_time_prob);
  check_probability("mask_feature_prob", mask_feature_prob);
  check_positive("mask_time_length", mask_time_length);
  check_positive("mask_feature_length", mask_feature_length);
  if (mask_time_min_masks < 0) {
    bad("mask_time_min_masks", std::to_string(mask_time_min_masks), "must be >= 0");
  }
  if (mask_feature_min_masks < 0) {
    bad("mask_feature_min_masks", std::to_string(mask_feature_min_masks), "must be >= 0");
  }
  check_positive("classifier_proj_size", classifier_proj_size);
  std::set<std::string> seen;
  for (size_t i = 0; i < id2label.size(); ++i) {
    if (id2label[i].empty())
      bad("id2label[" + std::to_string(i) + "]", "\"\"", "must not be empty");
    if (!seen.insert(id2label[i]).second) {
      bad("id2label[" + std::to_string(i) + "]", "\"" + id2label[i] + "\"", "duplicate label");
    }
  }
  // Options of other transformers variants this implementation does not have.
  for (const char* key : {"add_adapter", "conv_pos_batch_norm"}) {
    if (extra.is_object() && extra.contains(key) && extra[key].is_boolean() &&
        extra[key].get<bool>()) {
      bad(key, "true", "not supported");
    }
  }
}

std::string ModelConfig::describe() const {
  std::ostringstream out;
  out << model_type << " hidden=" << hidden_size << " layers=" << num_hidden_layers
      << " heads=" << num_attention_heads << " ffn=" << intermediate_size
      << " conv=" << join(conv_dim) << " kernel=" << join(conv_kernel)
      << " stride=" << join(conv_stride) << " conv_bias=" << (conv_bias ? "yes" : "no")
      << " feat_norm=" << feat_extract_norm
      << " encoder=" << (do_stable_layer_norm ? "pre-LN" : "post-LN")
      << " pos_conv=" << num_conv_pos_embeddings << "/" << num_conv_pos_embedding_groups;
  if (is_hubert()) out << " feat_proj_ln=" << (feat_proj_layer_norm ? "yes" : "no");
  out << " proj=" << classifier_proj_size
      << " weighted_sum=" << (use_weighted_layer_sum ? "yes" : "no")
      << " dropout(hidden=" << hidden_dropout << ",attn=" << attention_dropout
      << ",act=" << activation_dropout << ",feat_proj=" << feat_proj_dropout << ")"
      << " layerdrop=" << layerdrop << " mask_time=" << (apply_spec_augment ? mask_time_prob : 0.0)
      << "x" << mask_time_length << "(min " << mask_time_min_masks << ")"
      << " mask_feature=" << (apply_spec_augment ? mask_feature_prob : 0.0) << "x"
      << mask_feature_length << " labels=" << num_labels() << "[";
  for (size_t i = 0; i < id2label.size(); ++i)
    out << (i ? "," : "") << id2label[i];
  out << "]";
  return out.str();
}

}  // namespace emoforget::model
