#include "unlearn/unlearn.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <tuple>

#include <torch/torch.h>

#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/error.h"
#include "common/memory_limit.h"
#include "common/stopwatch.h"
#include "common/utc_time.h"
#include "distributed/world.h"
#include "model/checkpoint.h"
#include "train/finetune_config.h"
#include "train/inference.h"
#include "unlearn/forget_set.h"
#include "unlearn/held_out_scores.h"
#include "unlearn/relabel.h"
#include "unlearn/request_lineage.h"
#include "unlearn/unlearn_memory.h"

namespace emoforget::unlearn {
namespace fs = std::filesystem;
namespace {

std::vector<int64_t> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU, torch::kInt64).contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

// How many forget utterances carry each label (counts only: per-utterance labels
// next to the hashes would say more about the forgotten data than needed).
nlohmann::json label_counts(const std::vector<int64_t>& ids,
                            const std::vector<std::string>& labels) {
  nlohmann::json counts = nlohmann::json::object();
  for (const std::string& name : labels)
    counts[name] = 0;
  for (const int64_t id : ids)
    counts[labels.at(static_cast<size_t>(id))] =
        counts[labels.at(static_cast<size_t>(id))].get<int64_t>() + 1;
  return counts;
}

nlohmann::json timings_json(const MethodReport& report, double wall_seconds) {
  nlohmann::json timings = nlohmann::json::object();
  if (report.pgd_seconds) timings["pgd_seconds"] = *report.pgd_seconds;
  if (report.fisher_seconds) timings["fisher_seconds"] = *report.fisher_seconds;
  timings["train_seconds"] = report.train_seconds;
  timings["wall_seconds"] = wall_seconds;
  return timings;
}

}  // namespace

nlohmann::json AttackSummary::to_json() const {
  nlohmann::json cache = "off";
  if (cache_status != "off") cache = {{"status", cache_status}, {"file", cache_file}};
  return {{"samples", samples},
          {"success_rate", success_rate},
          {"start_target_ce", start_target_ce},
          {"final_target_ce", final_target_ce},
          {"cache", cache}};
}

UnlearnContext make_context(const UnlearnConfig& config, const data::Manifest& manifest,
                            const std::vector<const data::Utterance*>& forget_utts, Rng& rng) {
  UnlearnContext context;
  context.config = &config;
  context.manifest = &manifest;
  context.forget_utts = forget_utts;
  context.rng = &rng;
  context.model = model::load_model(config.model_dir);
  const std::vector<std::string> labels = context.model->config().id2label;
  context.model->to(config.run.device.torch_device());
  // By construction only methods whose descriptor reads the remain set decode
  // training audio beyond the forget set.
  context.forget = train::load_labeled_audio(manifest, forget_utts, labels, config.run.audio());
  // Drawn whatever the variant, so that every later draw of the run (the attack's
  // targets and starts) is the same with either kind of wrong label.
  context.wrong_labels =
      random_wrong_labels(context.forget.labels, context.model->config().num_labels(), rng);
  const MethodInfo& info = method_info(config.method);
  const WrongLabels wrong = config.settings.variant_for(info).wrong_labels;
  if (!info.needs_init && wrong != WrongLabels::kRandom) {
    const torch::Tensor logits =
        train::predict_logits(context.model, context.forget, config.run.batch, config.run.device);
    context.wrong_labels = nearest_wrong_labels(logits, context.forget.labels);
    if (wrong == WrongLabels::kSoft)
      context.wrong_targets = soft_wrong_targets(logits, context.forget.labels);
    context.lower_true_class = wrong == WrongLabels::kLower;
  }
  // A fine-tuning (retrain) decodes its own training set; the remain-set walk needs it here.
  if (info.walks == EpochWalk::kRemainSet) {
    const auto remain_utts = remain_set(manifest, forget_utts, config.train_splits);
    if (remain_utts.empty()) throw Error("the remain set is empty: nothing besides the forget set");
    context.remain = train::load_labeled_audio(manifest, remain_utts, labels, config.run.audio());
  }
  return context;
}

nlohmann::json run_unlearning(const UnlearnConfig& given) {
  given.validate();
  const auto wall_start = Clock::now();
  UnlearnConfig config = given;
  const std::string clip_choice = train::resolve_clip_seconds(config.run, config.model_dir);
  std::string lr_choice = "given";
  if (config.settings.lr == 0) {
    std::tie(config.settings.lr, lr_choice) =
        train::model_learning_rate(config.model_dir, train::kPretrainedLearningRate);
  }
  if (fs::exists(config.out) && !config.overwrite) {
    throw Error("--out " + config.out.string() + " already exists; pass --overwrite to replace it");
  }
  const MethodInfo& info = method_info(config.method);
  const data::Manifest manifest = data::read_manifest(config.manifest);
  Rng rng(config.run.seed);
  const auto forget_utts = select_forget_set(manifest, config.forget, config.train_splits, rng);
  const PreparedRequest request = prepare_request(config, forget_utts);
  nlohmann::json forget_info = {{"request", config.forget.to_json()},
                                {"request_id", request.id},
                                {"n", forget_utts.size()},
                                {"speakers", request.speakers}};
  std::fprintf(stderr, "forget: request %s, method %s, %zu utterances to forget\n",
               request.id.c_str(), config.method.c_str(), forget_utts.size());

  std::optional<train::MemoryEstimate> memory;
  if (!info.needs_init) {  // a retrain checks its own fine-tuning
    UnlearnSizes sizes;
    sizes.forget = static_cast<int64_t>(forget_utts.size());
    if (info.walks == EpochWalk::kRemainSet)
      sizes.remain =
          static_cast<int64_t>(remain_set(manifest, forget_utts, config.train_splits).size());
    for (const std::string& split : config.eval_splits)
      if (std::find(config.train_splits.begin(), config.train_splits.end(), split) ==
          config.train_splits.end())
        sizes.held_out += static_cast<int64_t>(manifest.in_split(split).size());
    memory = estimate_unlearning_memory(config, info, sizes);
    train::check_memory_fits(*memory, "unlearning with " + config.method);
  }
  UnlearnContext context = make_context(config, manifest, forget_utts, rng);
  const std::vector<std::string> labels = context.model->config().id2label;
  std::vector<std::string> scored_splits = config.eval_splits;
  const bool reads_held_out =
      !info.needs_init && config.settings.variant_for(info).reads_held_out();
  if (reads_held_out && std::find(scored_splits.begin(), scored_splits.end(), config.until_split) ==
                            scored_splits.end())
    scored_splits.push_back(config.until_split);
  const ScoredSets held_out(manifest, scored_splits, config.train_splits, labels,
                            config.run.audio());
  if (reads_held_out) {
    context.held_out = held_out.find(config.until_split);
    context.held_out_split = config.until_split;
  }
  const nlohmann::json before =
      held_out.score(context.model, context.forget, config.run.batch, config.run.device);
  forget_info["true_label_counts"] = label_counts(to_vector(context.forget.labels), labels);
  if (!info.needs_init) {
    forget_info["wrong_label_counts"] = label_counts(to_vector(context.wrong_labels), labels);
  }

  std::unique_ptr<Method> method = make_method(config.method);
  method->run(context);
  const MethodReport& result = context.report;

  const nlohmann::json after =
      held_out.score(context.model, context.forget, config.run.batch, config.run.device);
  nlohmann::json report = {{"command", "forget"},
                           {"created", utc_now()},
                           {"method", config.method},
                           {"config", config.to_json()},
                           {"seed", config.run.seed},
                           {"max_seconds_choice", clip_choice},
                           {"lr_choice", lr_choice},
                           {"forget", forget_info},
                           {"reads_remain_set", info.reads_remain_set},
                           {"before", before},
                           {"after", after},
                           {"timings", timings_json(result, seconds_since(wall_start))},
                           {"versions", build_info()}};
  if (memory) {
    report["memory"] = {{"estimate", memory->to_json()}, {"peak_rss_bytes", peak_rss_bytes()}};
  }
  if (!result.epochs.empty()) {
    report["epochs"] = nlohmann::json::array();
    for (const EpochLoss& e : result.epochs)
      report["epochs"].push_back({{"epoch", e.epoch}, {"loss", e.loss}, {"steps", e.steps}});
  }
  report["steps"] = {{"total", result.steps},
                     {"batch", result.batch},
                     {"per_epoch", result.epochs.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(result.steps_per_epoch)},
                     {"lr", config.settings.lr * config.settings.variant_for(info).lr_scale}};
  if (result.adversarial) report["adversarial"] = result.adversarial->to_json();
  if (result.fisher) report["fisher"] = result.fisher->to_json();
  if (result.saliency) report["saliency"] = *result.saliency;
  if (result.stopping) report["stopping"] = *result.stopping;
  if (result.attribute) report["attribute"] = *result.attribute;
  if (result.finetune) report["finetune"] = *result.finetune;
  if (!result.recipe.empty()) report["recipe"] = result.recipe;
  distributed::Group& group = distributed::world();
  if (group.size() > 1) report["distributed"] = group.summary();
  if (group.is_main()) {  // every rank holds the same model; rank 0 writes it
    write_dir_atomic(config.out, [&](const fs::path& tmp) {
      model::write_model_files(context.model, tmp);
      report["lineage"] = request_lineage(request, config, tmp, after).to_json();
      write_file_checked(tmp / "report.json", report.dump(2) + "\n");
    });
  }
  group.barrier("writing the unlearned model");
  return report;
}

}  // namespace emoforget::unlearn
