// Checkpoint key adaptation (see checkpoint_keys.h).
#include "model/checkpoint_keys.h"

#include "common/error.h"

namespace emoforget::model {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// torch.nn.utils.parametrizations.weight_norm names -> torch.nn.utils.weight_norm names.
std::string legacy_weight_norm_name(const std::string& name) {
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{".parametrizations.weight.original0", ".weight_g"},
        {".parametrizations.weight.original1", ".weight_v"}}) {
    if (ends_with(name, from)) return name.substr(0, name.size() - from.size()) + to;
  }
  return name;
}

bool is_unused_training_part(const std::string& name) {
  for (const char* prefix : {"quantizer.", "project_q.", "project_hid.", "lm_head."}) {
    if (starts_with(name, prefix)) return true;
  }
  return false;
}

// Top-level names of a bare Wav2Vec2Model / HubertModel state dict.
bool is_bare_backbone_name(const std::string& name) {
  for (const char* prefix : {"feature_extractor.", "feature_projection.", "encoder."}) {
    if (starts_with(name, prefix)) return true;
  }
  return name == "masked_spec_embed";
}

}  // namespace

bool is_head_parameter(const std::string& name) {
  return starts_with(name, "projector.") || starts_with(name, "classifier.") ||
         name == "layer_weights";
}

bool has_classification_head(const tensor_io::TensorMap& tensors) {
  for (const auto& item : tensors) {
    if (is_head_parameter(item.first)) return true;
  }
  return false;
}

void adapt_checkpoint_keys(tensor_io::TensorMap& tensors, const std::string& prefix,
                           std::vector<std::string>& ignored) {
  tensor_io::TensorMap adapted;
  for (auto& [name, tensor] : tensors) {
    if (is_unused_training_part(name)) {
      ignored.push_back(name);
      continue;
    }
    std::string key = legacy_weight_norm_name(name);
    if (is_bare_backbone_name(key)) key = prefix + "." + key;
    if (!adapted.emplace(key, tensor).second) {
      throw Error("checkpoint holds tensor \"" + key + "\" twice (under \"" + name +
                  "\" and another name); keep one weight-norm naming");
    }
  }
  tensors = std::move(adapted);
}

}  // namespace emoforget::model
