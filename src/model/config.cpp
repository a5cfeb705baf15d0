// ModelConfig <-> Hugging Face config.json (see config.h).
#include "model/config.h"

#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "common/error.h"

namespace emoforget::model {
namespace {

using nlohmann::json;

// At most this many classes (a larger num_labels is a corrupt file, not a model).
constexpr int64_t kMaxLabels = int64_t{1} << 16;

// An integer that fits int64_t (JSON integers above 2^63 - 1 do not).
bool is_int64(const json& v) {
  return v.is_number_integer() &&
         !(v.is_number_unsigned() &&
           v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
}

class Reader {
 public:
  Reader(const json& j, const std::string& source) : j_(j), source_(source) {}

  const json* find(const std::string& key) {
    seen_.insert(key);
    const auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  [[noreturn]] void fail(const std::string& key, const std::string& want, const json& got) const {
    throw Error(source_ + ": key \"" + key + "\" must be " + want + ", got " + got.dump());
  }
  void read(const std::string& key, int64_t& out) {
    if (const json* v = find(key)) {
      if (!is_int64(*v)) fail(key, "an integer", *v);
      out = v->get<int64_t>();
    }
  }
  void read(const std::string& key, double& out) {
    if (const json* v = find(key)) {
      if (!v->is_number()) fail(key, "a number", *v);
      out = v->get<double>();
    }
  }
  void read(const std::string& key, bool& out) {
    if (const json* v = find(key)) {
      if (!v->is_boolean()) fail(key, "true or false", *v);
      out = v->get<bool>();
    }
  }
  void read(const std::string& key, std::string& out) {
    if (const json* v = find(key)) {
      if (!v->is_string()) fail(key, "a string", *v);
      out = v->get<std::string>();
    }
  }
  void read(const std::string& key, std::vector<int64_t>& out) {
    if (const json* v = find(key)) {
      if (!v->is_array()) fail(key, "an array of integers", *v);
      out.clear();
      for (const json& item : *v) {
        if (!is_int64(item)) fail(key, "an array of integers", *v);
        out.push_back(item.get<int64_t>());
      }
    }
  }
  // Keys not consumed by find().
  json unknown() const {
    json extra = json::object();
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (!seen_.count(it.key())) extra[it.key()] = it.value();
    }
    return extra;
  }
  const std::string& source() const { return source_; }

 private:
  const json& j_;
  std::string source_;
  std::set<std::string> seen_;
};

// id2label as {"0": "anger", ...}: keys must be exactly 0..n-1.
std::vector<std::string> parse_id2label(Reader& reader, const json& v) {
  if (!v.is_object()) reader.fail("id2label", "an object {\"0\": \"name\", ...}", v);
  std::vector<std::string> labels(v.size());
  std::vector<bool> filled(v.size(), false);
  for (auto it = v.begin(); it != v.end(); ++it) {
    size_t pos = 0;
    long long id = -1;
    try {
      id = std::stoll(it.key(), &pos);
    } catch (const std::exception&) {
      pos = 0;
    }
    if (pos != it.key().size() || id < 0 || id >= static_cast<long long>(v.size()) ||
        filled[static_cast<size_t>(id)]) {
      throw Error(reader.source() + ": id2label key \"" + it.key() + "\" is not a class id in 0.." +
                  std::to_string(v.size() - 1));
    }
    if (!it.value().is_string()) reader.fail("id2label." + it.key(), "a string", it.value());
    labels[static_cast<size_t>(id)] = it.value().get<std::string>();
    filled[static_cast<size_t>(id)] = true;
  }
  return labels;
}

}  // namespace

std::string ModelConfig::architecture() const {
  return is_hubert() ? "HubertForSequenceClassification" : "Wav2Vec2ForSequenceClassification";
}

int64_t ModelConfig::total_stride() const {
  int64_t stride = 1;
  for (int64_t s : conv_stride)
    stride *= s;
  return stride;
}

int64_t ModelConfig::num_frames(int64_t num_samples) const {
  int64_t length = num_samples;
  for (size_t i = 0; i < conv_kernel.size() && i < conv_stride.size(); ++i) {
    if (length < conv_kernel[i]) return 0;
    length = (length - conv_kernel[i]) / conv_stride[i] + 1;
  }
  return length;
}

ModelConfig ModelConfig::from_json(const json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": config must be a JSON object, got " + j.dump());
  ModelConfig c;
  Reader r(j, source);
  r.read("model_type", c.model_type);
  r.read("hidden_size", c.hidden_size);
  r.read("num_hidden_layers", c.num_hidden_layers);
  r.read("num_attention_heads", c.num_attention_heads);
  r.read("intermediate_size", c.intermediate_size);
  r.read("hidden_act", c.hidden_act);
  r.read("conv_dim", c.conv_dim);
  r.read("conv_kernel", c.conv_kernel);
  r.read("conv_stride", c.conv_stride);
  r.read("conv_bias", c.conv_bias);
  r.read("feat_extract_norm", c.feat_extract_norm);
  r.read("feat_extract_activation", c.feat_extract_activation);
  r.read("do_stable_layer_norm", c.do_stable_layer_norm);
  r.read("num_conv_pos_embeddings", c.num_conv_pos_embeddings);
  r.read("num_conv_pos_embedding_groups", c.num_conv_pos_embedding_groups);
  r.read("layer_norm_eps", c.layer_norm_eps);
  r.read("initializer_range", c.initializer_range);
  r.read("hidden_dropout", c.hidden_dropout);
  r.read("attention_dropout", c.attention_dropout);
  r.read("activation_dropout", c.activation_dropout);
  r.read("feat_proj_dropout", c.feat_proj_dropout);
  r.read("final_dropout", c.final_dropout);
  r.read("layerdrop", c.layerdrop);
  r.read("apply_spec_augment", c.apply_spec_augment);
  r.read("mask_time_prob", c.mask_time_prob);
  r.read("mask_time_length", c.mask_time_length);
  r.read("mask_time_min_masks", c.mask_time_min_masks);
  r.read("mask_feature_prob", c.mask_feature_prob);
  r.read("mask_feature_length", c.mask_feature_length);
  r.read("mask_feature_min_masks", c.mask_feature_min_masks);
  r.read("feat_proj_layer_norm", c.feat_proj_layer_norm);
  r.read("classifier_proj_size", c.classifier_proj_size);
  r.read("use_weighted_layer_sum", c.use_weighted_layer_sum);

  int64_t num_feat_extract_layers = static_cast<int64_t>(c.conv_dim.size());
  r.read("num_feat_extract_layers", num_feat_extract_layers);
  if (num_feat_extract_layers != static_cast<int64_t>(c.conv_dim.size())) {
    throw Error(source + ": num_feat_extract_layers is " + std::to_string(num_feat_extract_layers) +
                " but conv_dim has " + std::to_string(c.conv_dim.size()) + " entries");
  }
  if (const json* v = r.find("id2label")) c.id2label = parse_id2label(r, *v);
  if (const json* v = r.find("label2id")) {
    if (!v->is_object()) r.fail("label2id", "an object {\"name\": id, ...}", *v);
  }
  int64_t num_labels = -1;
  r.read("num_labels", num_labels);
  if (num_labels > kMaxLabels) {
    throw Error(source + ": num_labels is " + std::to_string(num_labels) + "; at most " +
                std::to_string(kMaxLabels) + " classes are supported");
  }
  if (num_labels >= 0 && c.id2label.empty()) {
    for (int64_t i = 0; i < num_labels; ++i)
      c.id2label.push_back("LABEL_" + std::to_string(i));
  } else if (num_labels >= 0 && num_labels != c.num_labels()) {
    throw Error(source + ": num_labels is " + std::to_string(num_labels) + " but id2label has " +
                std::to_string(c.num_labels()) + " entries");
  }
  if (const json* v = r.find("architectures")) {
    if (!v->is_array()) r.fail("architectures", "an array of strings", *v);
  }
  c.extra = r.unknown();
  return c;
}

ModelConfig ModelConfig::from_text(const std::string& text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw Error(source + ": not valid JSON: " + e.what());
  }
  return from_json(j, source);
}

ModelConfig ModelConfig::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the model config (config.json)");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return from_text(buffer.str(), path);
}

json ModelConfig::to_json() const {
  json j = extra.is_object() ? extra : json::object();
  j["architectures"] = json::array({architecture()});
  j["model_type"] = model_type;
  j["hidden_size"] = hidden_size;
  j["num_hidden_layers"] = num_hidden_layers;
  j["num_attention_heads"] = num_attention_heads;
  j["intermediate_size"] = intermediate_size;
  j["hidden_act"] = hidden_act;
  j["num_feat_extract_layers"] = conv_dim.size();
  j["conv_dim"] = conv_dim;
  j["conv_kernel"] = conv_kernel;
  j["conv_stride"] = conv_stride;
  j["conv_bias"] = conv_bias;
  j["feat_extract_norm"] = feat_extract_norm;
  j["feat_extract_activation"] = feat_extract_activation;
  j["do_stable_layer_norm"] = do_stable_layer_norm;
  j["num_conv_pos_embeddings"] = num_conv_pos_embeddings;
  j["num_conv_pos_embedding_groups"] = num_conv_pos_embedding_groups;
  j["layer_norm_eps"] = layer_norm_eps;
  j["initializer_range"] = initializer_range;
  j["hidden_dropout"] = hidden_dropout;
  j["attention_dropout"] = attention_dropout;
  j["activation_dropout"] = activation_dropout;
  j["feat_proj_dropout"] = feat_proj_dropout;
  j["final_dropout"] = final_dropout;
  j["layerdrop"] = layerdrop;
  j["apply_spec_augment"] = apply_spec_augment;
  j["mask_time_prob"] = mask_time_prob;
  j["mask_time_length"] = mask_time_length;
  j["mask_time_min_masks"] = mask_time_min_masks;
  j["mask_feature_prob"] = mask_feature_prob;
  j["mask_feature_length"] = mask_feature_length;
  j["mask_feature_min_masks"] = mask_feature_min_masks;
  if (is_hubert()) j["feat_proj_layer_norm"] = feat_proj_layer_norm;
  j["classifier_proj_size"] = classifier_proj_size;
  j["use_weighted_layer_sum"] = use_weighted_layer_sum;
  json id2label_json = json::object();
  json label2id_json = json::object();
  for (size_t i = 0; i < id2label.size(); ++i) {
    id2label_json[std::to_string(i)] = id2label[i];
    label2id_json[id2label[i]] = static_cast<int64_t>(i);
  }
  j["id2label"] = id2label_json;
  j["label2id"] = label2id_json;
  j["num_labels"] = num_labels();
  return j;
}

}  // namespace emoforget::model
