// Loading and saving Hugging Face checkpoint directories (see checkpoint.h).
#include "model/checkpoint.h"

#include <sstream>

#include "common/atomic_write.h"
#include "common/error.h"
#include "model/checkpoint_keys.h"
#include "tensor_io/pytorch_bin.h"
#include "tensor_io/safetensors.h"

namespace emoforget::model {
namespace fs = std::filesystem;
namespace {

std::string shape_string(at::IntArrayRef sizes) {
  std::ostringstream out;
  out << "[";
  for (size_t i = 0; i < sizes.size(); ++i)
    out << (i ? ", " : "") << sizes[i];
  out << "]";
  return out.str();
}

std::string join_names(const std::vector<std::string>& names, size_t limit = 8) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < limit; ++i)
    out += (i ? ", " : "") + names[i];
  if (names.size() > limit) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

std::string join_labels(const std::vector<std::string>& labels) {
  std::string out = "[";
  for (size_t i = 0; i < labels.size(); ++i)
    out += (i ? ", " : "") + labels[i];
  return out + "]";
}

fs::path find_weights(const fs::path& dir) {
  for (const char* name : {"model.safetensors", "pytorch_model.bin"}) {
    if (fs::is_regular_file(dir / name)) return dir / name;
  }
  if (fs::exists(dir / "model.safetensors.index.json") ||
      fs::exists(dir / "pytorch_model.bin.index.json")) {
    throw Error(dir.string() + ": sharded checkpoints are not supported (hint: re-save the model " +
                "with a larger max_shard_size so it is one file)");
  }
  throw Error(dir.string() +
              ": no model.safetensors or pytorch_model.bin in the checkpoint folder");
}

// Chooses the class names: the checkpoint's own when it has a head, else the caller's.
void resolve_labels(ModelConfig& config, const tensor_io::TensorMap& tensors, bool has_head,
                    const LoadOptions& options, const fs::path& dir) {
  if (!has_head) {
    if (options.labels.empty()) {
      throw Error(dir.string() + ": the checkpoint has no classification head, so the class " +
                  "names must be given (hint: pass the labels, e.g. from the manifest)");
    }
    config.id2label = options.labels;
    return;
  }
  const auto classifier = tensors.find("classifier.weight");
  if (config.id2label.empty() && !options.labels.empty()) config.id2label = options.labels;
  if (classifier != tensors.end() && classifier->second.dim() == 2 &&
      classifier->second.size(0) != config.num_labels()) {
    throw Error(dir.string() + ": classifier.weight has " +
                std::to_string(classifier->second.size(0)) +
                " classes but config.json's id2label " + "has " +
                std::to_string(config.num_labels()) + " " + join_labels(config.id2label));
  }
  if (!options.labels.empty() && options.labels != config.id2label) {
    throw Error(dir.string() + ": the checkpoint's labels " + join_labels(config.id2label) +
                " differ from the requested labels " + join_labels(options.labels));
  }
}

void copy_tensor(torch::Tensor& param, const std::string& name, const torch::Tensor& source,
                 const fs::path& file) {
  if (source.sizes() != param.sizes()) {
    throw Error(file.string() + ": tensor \"" + name + "\" has shape " +
                shape_string(source.sizes()) + ", expected " + shape_string(param.sizes()) +
                " (hint: config.json does not match the weights)");
  }
  if (!at::isFloatingType(source.scalar_type())) {
    throw Error(file.string() + ": tensor \"" + name + "\" has non-floating dtype " +
                std::string(c10::toString(source.scalar_type())));
  }
  torch::NoGradGuard no_grad;
  param.copy_(source.to(param.dtype()));
}

}  // namespace

SequenceClassifier load_model(const fs::path& dir, const LoadOptions& options, LoadReport* report) {
  if (!fs::is_directory(dir)) throw Error(dir.string() + ": not a checkpoint folder");
  ModelConfig config = ModelConfig::from_file((dir / "config.json").string());
  LoadReport local;
  local.weights_file = find_weights(dir).string();
  const fs::path weights_file = local.weights_file;
  tensor_io::TensorMap tensors = weights_file.extension() == ".safetensors"
                                     ? tensor_io::read_safetensors(weights_file)
                                     : tensor_io::read_pytorch_bin(weights_file);
  adapt_checkpoint_keys(tensors, config.base_model_prefix(), local.ignored);
  const bool has_head = has_classification_head(tensors);
  resolve_labels(config, tensors, has_head, options, dir);
  config.validate();

  SequenceClassifier model(config);
  model->init_weights(options.seed);

  std::vector<std::string> missing;
  const std::string masked_spec_embed = config.base_model_prefix() + ".masked_spec_embed";
  for (auto& item : model->named_parameters()) {
    const std::string& name = item.key();
    const auto found = tensors.find(name);
    if (found == tensors.end()) {
      // A fresh head for a backbone-only file; masked_spec_embed only serves training masking.
      if ((!has_head && is_head_parameter(name)) || name == masked_spec_embed) {
        local.initialised.push_back(name);
      } else {
        missing.push_back(name);
      }
      continue;
    }
    copy_tensor(item.value(), name, found->second, weights_file);
    tensors.erase(found);
  }
  std::vector<std::string> unexpected;
  for (const auto& item : tensors) {
    if (item.first == masked_spec_embed) {
      local.ignored.push_back(item.first);  // present although config disables masking
    } else {
      unexpected.push_back(item.first);
    }
  }
  if (!unexpected.empty()) {
    throw Error(weights_file.string() + ": unexpected tensor(s) for a " + config.architecture() +
                ": " + join_names(unexpected) +
                " (hint: config.json's model_type/shape does not match the weights)");
  }
  if (!missing.empty()) {
    throw Error(weights_file.string() + ": missing tensor(s) for a " + config.architecture() +
                ": " + join_names(missing));
  }
  if (report) *report = std::move(local);
  return model;
}

void write_model_files(SequenceClassifier& model, const fs::path& dir) {
  const std::string config_text = model->config().to_json().dump(2) + "\n";
  tensor_io::TensorMap tensors;
  for (const auto& item : model->named_parameters()) {
    tensors.emplace(item.key(),
                    item.value().detach().to(torch::kCPU, torch::kFloat32).contiguous());
  }
  for (const auto& item : model->named_buffers()) {
    tensors.emplace(item.key(), item.value().detach().to(torch::kCPU).contiguous());
  }
  write_file_atomic(dir / "config.json", config_text);
  tensor_io::write_safetensors(dir / "model.safetensors", tensors, {{"format", "pt"}});
}

void save_model(SequenceClassifier& model, const fs::path& dir) {
  write_dir_atomic(dir, [&](const fs::path& tmp) { write_model_files(model, tmp); });
}

}  // namespace emoforget::model
