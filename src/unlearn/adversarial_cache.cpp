#include "unlearn/adversarial_cache.h"

#include <cstdio>

#include <torch/torch.h>

#include "common/digest.h"
#include "common/error.h"
#include "distributed/world.h"
#include "tensor_io/safetensors.h"

namespace emoforget::unlearn {

namespace fs = std::filesystem;

namespace {

void add_tensor(Digest& digest, const std::string& name, const torch::Tensor& tensor) {
  const torch::Tensor bytes = tensor.detach().to(torch::kCPU).contiguous();
  digest.add(name);
  digest.add(std::string(c10::toString(bytes.scalar_type())));
  for (int64_t size : bytes.sizes())
    digest.add(&size, sizeof size);
  digest.add(bytes.data_ptr(), bytes.numel() * bytes.element_size());
}

// Everything the attack's output depends on, as a JSON string.
std::string cache_key(model::SequenceClassifier& model, const torch::Tensor& waves,
                      const torch::Tensor& lengths, const torch::Tensor& labels,
                      const PgdConfig& config, Rng rng, const train::DeviceConfig& device) {
  Digest weights;
  for (const auto& item : model->named_parameters())
    add_tensor(weights, item.key(), item.value());
  for (const auto& item : model->named_buffers())
    add_tensor(weights, item.key(), item.value());
  Digest inputs;
  add_tensor(inputs, "waves", waves);
  add_tensor(inputs, "labels", labels);
  if (lengths.defined()) add_tensor(inputs, "lengths", lengths);
  // format 2: padding is no longer perturbed.
  const nlohmann::json key = {{"format", 2},
                              {"weights", weights.hex()},
                              {"inputs", inputs.hex()},
                              {"m", config.m},
                              {"p", config.p},
                              {"tau", config.tau},
                              {"sigma", config.resolved_sigma()},
                              {"batch", config.batch},
                              {"device", device.device},
                              {"bf16", device.bf16},
                              {"stream", rng.next_u64()}};
  return key.dump();
}

bool read_entry(const fs::path& file, const std::string& key, int64_t rows, int64_t length,
                AdversarialSet& set) {
  try {
    const auto metadata = tensor_io::read_safetensors_metadata(file);
    if (!metadata.count("key") || metadata.at("key") != key) {
      std::fprintf(stderr, "pgd cache: %s has another key; regenerating\n", file.c_str());
      return false;
    }
    const auto tensors = tensor_io::read_safetensors(file);
    const torch::Tensor& waves = tensors.at("waves");
    const torch::Tensor& targets = tensors.at("targets");
    if (waves.dim() != 2 || waves.size(0) != rows || waves.size(1) != length ||
        waves.scalar_type() != torch::kFloat32 || targets.dim() != 1 || targets.size(0) != rows ||
        targets.scalar_type() != torch::kInt64) {
      std::fprintf(stderr, "pgd cache: %s has the wrong shapes; regenerating\n", file.c_str());
      return false;
    }
    set.waves = waves;
    set.targets = targets;
    set.success_rate = std::stod(metadata.at("success_rate"));
    set.start_target_ce = std::stod(metadata.at("start_target_ce"));
    set.final_target_ce = std::stod(metadata.at("final_target_ce"));
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pgd cache: cannot use %s (%s); regenerating\n", file.c_str(), e.what());
    return false;
  }
}

std::string exact(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

CachedAdversarialSet cached_adversarial_set(const fs::path& cache_dir,
                                            model::SequenceClassifier& model,
                                            const torch::Tensor& waves,
                                            const torch::Tensor& lengths,
                                            const torch::Tensor& labels, const PgdConfig& config,
                                            Rng rng, const train::DeviceConfig& device) {
  const std::string key = cache_key(model, waves, lengths, labels, config, rng, device);
  CachedAdversarialSet result;
  result.file = cache_dir / ("pgd-" + Digest().add(key).hex() + ".safetensors");
  // Ranks agree: all reuse the file, or all attack together.
  distributed::Group& group = distributed::world();
  const bool hit = fs::exists(result.file) && read_entry(result.file, key, waves.size(0) * config.m,
                                                         waves.size(1), result.set);
  if (group.all_of(hit, "the pgd cache lookup")) {
    result.status = "hit";
    std::fprintf(stderr, "pgd cache: reusing %s\n", result.file.c_str());
    return result;
  }
  result.set = generate_adversarial_set(model, waves, lengths, labels, config, rng, device);
  result.status = "stored";
  if (!group.is_main()) return result;  // rank 0 writes the file
  std::error_code error;
  fs::create_directories(cache_dir, error);
  if (error) throw Error("pgd cache: cannot create " + cache_dir.string() + ": " + error.message());
  tensor_io::write_safetensors(result.file,
                               {{"waves", result.set.waves}, {"targets", result.set.targets}},
                               {{"key", key},
                                {"success_rate", exact(result.set.success_rate)},
                                {"start_target_ce", exact(result.set.start_target_ce)},
                                {"final_target_ce", exact(result.set.final_target_ce)}});
  return result;
}

}  // namespace emoforget::unlearn
