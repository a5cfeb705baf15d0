#include "train/evaluate_checkpoint.h"

#include "common/error.h"
#include "data/manifest.h"
#include "data/utterance_list.h"
#include "model/checkpoint.h"
#include "train/inference.h"
#include "train/memory_estimate.h"

namespace emoforget::train {

void EvaluateConfig::validate() const {
  if (model_dir.empty()) throw Error("--model is required");
  if (manifest.empty()) throw Error("--manifest is required");
  if (utts.empty() && split != "train" && split != "val" && split != "test") {
    throw Error("--split: unknown split '" + split + "' (use train, val or test)");
  }
  run.validate(model_clip_rules());
}

nlohmann::json evaluate_checkpoint(const EvaluateConfig& config) {
  config.validate();
  model::SequenceClassifier model = model::load_model(config.model_dir);
  const data::Manifest manifest = data::read_manifest(config.manifest);
  std::vector<const data::Utterance*> utterances;
  if (config.utts.empty()) {
    utterances = manifest.in_split(config.split);
    if (utterances.empty()) {
      throw Error("split '" + config.split + "' of " + config.manifest.string() + " is empty");
    }
  } else {
    utterances = data::read_utterance_list(config.utts, manifest);
  }
  RunOptions run = config.run;
  const std::string clip_choice = resolve_clip_seconds(run, config.model_dir);
  MemoryEstimate memory = base_estimate(model->config(), 1, false);
  const int64_t samples = static_cast<int64_t>(run.audio().max_samples());
  memory.activations = activation_bytes(model->config(), run.batch, samples, Pass::kInference);
  memory.pass = "scoring " + batch_text(run.batch, run.max_seconds);
  memory.data = static_cast<int64_t>(utterances.size()) * samples * 4;
  check_memory_fits(memory, "evaluation");
  const LabeledAudio set =
      load_labeled_audio(manifest, utterances, model->config().id2label, run.audio());
  model->to(config.run.device.torch_device());
  nlohmann::json report = evaluate(model, set, config.run.batch, config.run.device).to_json();
  report["command"] = "evaluate";
  report["model"] = config.model_dir.string();
  report["manifest"] = config.manifest.string();
  report["subset"] = config.utts.empty() ? "split " + config.split : config.utts.string();
  report["max_seconds"] = run.max_seconds;
  report["max_seconds_choice"] = clip_choice;
  return report;
}

}  // namespace emoforget::train
