#include "unlearn/unlearn.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <torch/torch.h>

#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/error.h"
#include "common/progress.h"
#include "common/stopwatch.h"
#include "data/csv.h"
#include "model/checkpoint.h"
#include "train/device.h"
#include "train/finetune.h"
#include "unlearn/held_out_scores.h"
#include "unlearn/method.h"
#include "unlearn/relabel.h"
#include "unlearn/retrain_recipe.h"

namespace emoforget::unlearn {
namespace fs = std::filesystem;
namespace {

std::vector<int64_t> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU, torch::kInt64).contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

std::vector<std::string> names_of(const std::vector<int64_t>& ids,
                                  const std::vector<std::string>& labels) {
  std::vector<std::string> names;
  for (const int64_t id : ids)
    names.push_back(labels.at(id));
  return names;
}

// The forget set as an utterance list (what `audit --forget-file` reads).
std::string forget_list_csv(const std::vector<const data::Utterance*>& forget) {
  std::string text = "utt_id\n";
  for (const data::Utterance* u : forget)
    text += data::csv_field(u->utt_id) + "\n";
  return text;
}

audio::AudioConfig audio_for(const UnlearnConfig& config) {
  audio::AudioConfig audio;
  audio.max_seconds = config.max_seconds;
  return audio;
}

// The gold reference: fine-tune the initial weights on the remain set only.
nlohmann::json run_retrain(const UnlearnConfig& config, const data::Manifest& manifest,
                           const std::vector<const data::Utterance*>& forget_utts,
                           nlohmann::json forget_info) {
  const auto start = Clock::now();
  train::FinetuneConfig finetune;
  finetune.manifest = config.manifest;
  finetune.init = config.init;
  finetune.out = config.out;
  finetune.train_splits = config.train_splits;
  const bool has_val = std::find(config.train_splits.begin(), config.train_splits.end(), "val") ==
                           config.train_splits.end() &&
                       !manifest.in_split("val").empty();
  finetune.val_split = has_val ? "val" : "";
  finetune.keep = has_val ? "best" : "last";
  finetune.epochs = kDefaultRetrainEpochs;
  finetune.batch = config.batch;
  const std::string recipe = apply_finetune_recipe(config.model_dir, finetune);
  if (config.retrain_epochs > 0) finetune.epochs = config.retrain_epochs;
  if (config.retrain_lr > 0) finetune.lr = config.retrain_lr;
  finetune.max_seconds = config.max_seconds;
  finetune.seed = config.seed;
  finetune.device = config.device;
  finetune.overwrite = config.overwrite;
  for (const data::Utterance* u : forget_utts)
    finetune.exclude_utt_ids.insert(u->utt_id);
  const nlohmann::json finetune_report = train::finetune(finetune);

  model::SequenceClassifier reference = model::load_model(config.out);
  model::SequenceClassifier original = model::load_model(config.model_dir);
  const auto& labels = reference->config().id2label;
  const train::LabeledAudio forget =
      train::load_labeled_audio(manifest, forget_utts, labels, audio_for(config));
  const ScoredSets held_out(manifest, config.eval_splits, config.train_splits, labels,
                            audio_for(config));
  for (auto* m : {&original, &reference})
    (*m)->to(config.device.torch_device());
  nlohmann::json report = {
      {"command", "forget"},
      {"method", "retrain"},
      {"config", config.to_json()},
      {"seed", config.seed},
      {"forget", forget_info},
      {"before", held_out.score(original, forget, config.batch, config.device)},
      {"after", held_out.score(reference, forget, config.batch, config.device)},
      {"finetune", finetune_report},
      {"recipe", recipe},
      {"timings",
       {{"train_seconds", seconds_since(start)}, {"wall_seconds", seconds_since(start)}}},
      {"versions", build_info()}};
  write_file_atomic(config.out / "report.json", report.dump(2) + "\n");
  write_file_atomic(config.out / "forget.csv", forget_list_csv(forget_utts));
  return report;
}

}  // namespace

nlohmann::json run_unlearning(const UnlearnConfig& config) {
  config.validate();
  const auto wall_start = Clock::now();
  if (fs::exists(config.out) && !config.overwrite) {
    throw Error("--out " + config.out.string() + " already exists; pass --overwrite to replace it");
  }
  const data::Manifest manifest = data::read_manifest(config.manifest);
  Rng rng(config.seed);
  const auto forget_utts = select_forget_set(manifest, config.forget, config.train_splits, rng);
  nlohmann::json forget_info = {{"request", config.forget.to_json()}, {"n", forget_utts.size()}};
  for (const data::Utterance* u : forget_utts)
    forget_info["utt_ids"].push_back(u->utt_id);
  std::fprintf(stderr, "forget: method %s, %zu utterances to forget\n", config.method.c_str(),
               forget_utts.size());
  if (config.method == "retrain") return run_retrain(config, manifest, forget_utts, forget_info);

  UnlearnContext context;
  context.config = &config;
  context.rng = &rng;
  context.model = model::load_model(config.model_dir);
  const std::vector<std::string> labels = context.model->config().id2label;
  context.model->to(config.device.torch_device());
  const audio::AudioConfig audio = audio_for(config);

  // By construction only `remain` decodes training audio beyond the forget set.
  context.forget = train::load_labeled_audio(manifest, forget_utts, labels, audio);
  const ScoredSets held_out(manifest, config.eval_splits, config.train_splits, labels, audio);
  const nlohmann::json before =
      held_out.score(context.model, context.forget, config.batch, config.device);

  context.wrong_labels =
      random_wrong_labels(context.forget.labels, context.model->config().num_labels(), rng);
  forget_info["true_labels"] = names_of(to_vector(context.forget.labels), labels);
  forget_info["wrong_labels"] = names_of(to_vector(context.wrong_labels), labels);

  std::unique_ptr<Method> method = make_method(config.method);
  if (method->reads_remain_set()) {
    const auto remain_utts = remain_set(manifest, forget_utts, config.train_splits);
    if (remain_utts.empty()) throw Error("the remain set is empty: nothing besides the forget set");
    context.remain = train::load_labeled_audio(manifest, remain_utts, labels, audio);
  }
  context.notes["timings"] = nlohmann::json::object();
  method->prepare(context);

  const auto train_start = Clock::now();
  std::vector<torch::Tensor> trainable = trainable_parameters(context.model);
  torch::optim::Adam optimizer(trainable, torch::optim::AdamOptions(config.lr));
  nlohmann::json epochs = nlohmann::json::array();
  const int64_t steps = method->steps_per_epoch(context);
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    torch::manual_seed(rng.next_u64());
    method->begin_epoch(context);
    context.model->train();
    double loss_sum = 0.0;
    Progress progress("unlearn " + std::to_string(epoch) + "/" + std::to_string(config.epochs),
                      steps, "step");
    for (int64_t step = 0; step < steps; ++step) {
      optimizer.zero_grad();
      torch::Tensor loss;
      {
        train::AutocastGuard autocast(config.device);
        loss = method->step_loss(context, step);
      }
      loss.backward();
      optimizer.step();
      const double value = loss.item<double>();
      if (!std::isfinite(value)) {
        throw Error("unlearning diverged at epoch " + std::to_string(epoch) + " (loss " +
                    std::to_string(value) + "); lower --lr");
      }
      loss_sum += value;
      char fields[48];
      std::snprintf(fields, sizeof fields, "loss %.4f", loss_sum / static_cast<double>(step + 1));
      progress.advance(1, fields);
    }
    progress.finish();
    epochs.push_back({{"epoch", epoch}, {"loss", loss_sum / static_cast<double>(steps)}});
  }
  context.notes["timings"]["train_seconds"] = seconds_since(train_start);

  const nlohmann::json after =
      held_out.score(context.model, context.forget, config.batch, config.device);
  context.notes["timings"]["wall_seconds"] = seconds_since(wall_start);
  nlohmann::json report = {
      {"command", "forget"},        {"method", config.method},
      {"config", config.to_json()}, {"seed", config.seed},
      {"forget", forget_info},      {"reads_remain_set", method->reads_remain_set()},
      {"before", before},           {"after", after},
      {"epochs", epochs},           {"timings", context.notes["timings"]},
      {"versions", build_info()}};
  for (const char* key : {"adversarial", "fisher"}) {
    if (context.notes.contains(key)) report[key] = context.notes[key];
  }
  write_dir_atomic(config.out, [&](const fs::path& tmp) {
    model::write_model_files(context.model, tmp);
    std::ofstream(tmp / "report.json") << report.dump(2) << "\n";
    std::ofstream(tmp / "forget.csv") << forget_list_csv(forget_utts);
  });
  return report;
}

}  // namespace emoforget::unlearn
