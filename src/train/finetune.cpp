#include "train/finetune.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <torch/torch.h>

#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/comma_list.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "common/memory_limit.h"
#include "common/rng.h"
#include "common/stopwatch.h"
#include "common/utc_time.h"
#include "data/manifest.h"
#include "data/utterance_list.h"
#include "distributed/gradient_sync.h"
#include "distributed/shard.h"
#include "distributed/world.h"
#include "model/batch_shard.h"
#include "model/checkpoint.h"
#include "train/collapse_guard.h"
#include "train/fused_adam.h"
#include "train/inference.h"
#include "train/memory_estimate.h"
#include "train/random_crop.h"
#include "train/step_loop.h"
#include "train/train_state.h"

namespace emoforget::train {
namespace fs = std::filesystem;
namespace {

std::vector<const data::Utterance*> select(const data::Manifest& manifest,
                                           const std::vector<std::string>& splits,
                                           const std::set<std::string>& excluded) {
  std::vector<const data::Utterance*> chosen;
  for (const auto& u : manifest.utterances) {
    const bool in_split = std::find(splits.begin(), splits.end(), u.split) != splits.end();
    if (in_split && excluded.count(u.utt_id) == 0) chosen.push_back(&u);
  }
  return chosen;
}

// Whether a checkpoint directory's config.json names a sequence-classification
// architecture (its id2label is then the label order to keep).
bool has_classification_head(const fs::path& dir) {
  std::ifstream in(dir / "config.json");
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("architectures") || !j["architectures"].is_array())
    return false;
  for (const auto& name : j["architectures"]) {
    if (name.is_string() &&
        name.get<std::string>().find("ForSequenceClassification") != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Builds the initial model: from --init (labels from its id2label when it has a
// classification head, else from the manifest) or a randomly initialised preset.
model::SequenceClassifier initial_model(const FinetuneConfig& config,
                                        const std::vector<std::string>& manifest_labels,
                                        nlohmann::json& load_info) {
  if (config.init.empty()) {
    // A preset name, or a config.json describing the architecture to start from.
    model::ModelConfig model_config = fs::is_regular_file(config.preset)
                                          ? model::ModelConfig::from_file(config.preset)
                                          : model::ModelConfig::preset(config.preset);
    model_config.id2label = manifest_labels;
    model::SequenceClassifier model(model_config);
    model->init_weights(config.run.seed);
    load_info = {{"preset", config.preset}};
    return model;
  }
  const model::ModelConfig init_config =
      model::ModelConfig::from_file((config.init / "config.json").string());
  model::LoadOptions options;
  options.seed = config.run.seed;
  options.labels = has_classification_head(config.init) ? init_config.id2label : manifest_labels;
  model::LoadReport report;
  model::SequenceClassifier model = model::load_model(config.init, options, &report);
  load_info = {{"init", config.init.string()},
               {"weights_file", report.weights_file},
               {"ignored", report.ignored},
               {"initialised", report.initialised}};
  return model;
}

}  // namespace

TrainedClassifier train_classifier(const FinetuneConfig& given, const FinetuneHooks& hooks) {
  given.validate();
  FinetuneConfig config = given.resolved();
  const auto wall_start = Clock::now();
  // Data-parallel over the run's ranks (one rank: the plain loop): every rank holds the
  // same model and takes the same steps; rank 0 alone writes files.
  distributed::Group& group = distributed::world();
  const bool parallel = group.size() > 1;
  const fs::path work = config.work_dir();
  const fs::path last_dir = work / "last";
  const fs::path best_dir = work / "best";
  // Decisions every rank must take alike are agreed (their disks may differ).
  if (!config.resume && group.any_of(fs::exists(work), "looking for an earlier run")) {
    if (!config.overwrite) {
      throw Error("an interrupted run left " + work.string() +
                  "; pass --resume to continue it or --overwrite to start again");
    }
    group.barrier("the start of fine-tuning");  // every rank has looked before rank 0 removes
    if (group.is_main()) fs::remove_all(work);
  }

  const data::Manifest manifest = data::read_manifest(config.manifest);
  if (!config.exclude_file.empty()) {
    for (const data::Utterance* u : data::read_utterance_list(config.exclude_file, manifest))
      config.exclude_utt_ids.insert(u->utt_id);
  }
  const auto train_utts = select(manifest, config.train_splits, config.exclude_utt_ids);
  if (train_utts.empty()) {
    throw Error("no training utterances: split(s) " + join_list(config.train_splits) + " of " +
                config.manifest.string() + " are empty");
  }
  config.epochs = config.resolved_epochs(static_cast<int64_t>(train_utts.size()));
  std::vector<const data::Utterance*> val_utts;
  if (!config.val_split.empty()) {
    val_utts = select(manifest, {config.val_split}, {});
    if (val_utts.empty()) {
      throw Error(
          "validation split '" + config.val_split + "' of " + config.manifest.string() +
          " is empty (use --val-split with a split that has utterances, or --val-split \"\" "
          "--keep last)");
    }
  }

  nlohmann::json load_info;
  model::SequenceClassifier model = initial_model(config, manifest.emotions(), load_info);
  const std::vector<std::string>& labels = model->config().id2label;
  if (config.freeze_feature_encoder) model->freeze_feature_encoder();
  if (!config.save_init.empty() && group.is_main()) {
    model::save_model(model, config.save_init);
    std::fprintf(stderr, "finetune: starting weights written to %s\n", config.save_init.c_str());
  }
  const auto [lr, lr_choice] = config.resolved_lr();
  std::fprintf(stderr,
               "finetune: %s\nfinetune: %s recipe: batch %lld, %.3g s clips, crop %s, warmup "
               "%.3g, lr %g (%s)\nfinetune: %lld parameters, labels %s\n",
               model->config().describe().c_str(),
               config.from_scratch() ? "from-scratch" : "pretrained",
               static_cast<long long>(config.run.batch), config.run.max_seconds,
               config.crop.c_str(), config.warmup_ratio, lr, lr_choice.c_str(),
               static_cast<long long>(model->num_parameters()), join_list(labels).c_str());

  const audio::AudioConfig audio_config = config.run.audio();
  // Label check before decoding anything, so a bad row fails fast.
  label_ids(manifest, train_utts, labels);
  label_ids(manifest, val_utts, labels);
  const auto decode_start = Clock::now();
  // Random crops draw from un-normalised clips up to kRandomCropPoolFactor windows long.
  audio::AudioConfig train_audio = audio_config;
  const bool random_crop = config.crop == "random";
  if (random_crop) {
    train_audio.max_seconds = config.run.max_seconds * kRandomCropPoolFactor;
    train_audio.normalize = false;
  }
  const int64_t window = static_cast<int64_t>(audio_config.max_samples());
  MemoryEstimate memory = base_estimate(model->config(), config.keep == "best" ? 2 : 1, true);
  memory.activations = activation_bytes(model->config(), config.run.batch, window, Pass::kTraining);
  memory.pass = "training on " + batch_text(config.run.batch, config.run.max_seconds);
  memory.data = static_cast<int64_t>(train_utts.size() * train_audio.max_samples() +
                                     val_utts.size() * audio_config.max_samples()) *
                static_cast<int64_t>(sizeof(float));
  check_memory_fits(memory, "fine-tuning");
  const LabeledAudio train_set = load_labeled_audio(manifest, train_utts, labels, train_audio);
  LabeledAudio val_set;
  if (!val_utts.empty()) val_set = load_labeled_audio(manifest, val_utts, labels, audio_config);
  const double decode_seconds = seconds_since(decode_start);

  const torch::Device device = config.run.device.torch_device();
  model->to(device);
  std::vector<torch::Tensor> trainable;
  for (auto& p : model->parameters()) {
    if (p.requires_grad()) trainable.push_back(p);
  }
  FusedAdam optimizer(trainable, torch::optim::AdamOptions(lr));
  std::unique_ptr<distributed::GradientSync> sync;
  if (parallel) {
    sync = std::make_unique<distributed::GradientSync>(group, trainable);
    std::fprintf(stderr, "finetune: data-parallel over %d ranks (global batch %lld)\n",
                 group.size(), static_cast<long long>(config.run.batch));
  }
  // Files rank 0 writes that every rank then reads.
  const auto save_state = [&](const TrainState& saved) {
    if (group.is_main()) save_train_state(last_dir, model, optimizer, saved);
    group.barrier("saving the training state");
  };
  TrainState state;
  state.run_key = {{"config", config.to_json()}, {"train", train_set.size()}};
  state.run_key["config"].erase("epochs");
  state.run_key["config"].erase("out");
  if (config.resume &&
      group.any_of(fs::exists(last_dir / "state.json"), "looking for a run to resume")) {
    state = read_train_state(last_dir);
    nlohmann::json key = {{"config", config.to_json()}, {"train", train_set.size()}};
    key["config"].erase("epochs");
    key["config"].erase("out");
    if (key != state.run_key) {
      throw Error("cannot resume from " + last_dir.string() +
                  ": it was started with other settings (" + state.run_key.dump() + ")");
    }
    restore_train_state(last_dir, model, optimizer);
    std::fprintf(stderr, "finetune: resuming after epoch %d\n", state.epochs_done);
  } else if (config.resume) {
    std::fprintf(stderr, "finetune: nothing to resume in %s; starting from epoch 1\n",
                 work.string().c_str());
  }

  const int64_t n = train_set.size();
  const int64_t batch = config.run.batch;
  const int64_t steps = (n + batch - 1) / batch;
  const int num_labels = static_cast<int>(labels.size());
  bool warned_chance = false;  // once a run (also across a resume)
  for (const auto& warning : state.warnings)
    warned_chance =
        warned_chance || warning.get<std::string>().find("at chance") != std::string::npos;
  for (int epoch = state.epochs_done + 1; epoch <= config.epochs; ++epoch) {
    // Every epoch's randomness derives from (seed, epoch) alone, so a resumed run
    // draws exactly what an uninterrupted one would.
    Rng rng = Rng(config.run.seed).fork(static_cast<uint64_t>(epoch));
    // Each step reseeds LibTorch from (epoch, step): dropout and LayerDrop draw the same
    // whatever happened before, on every rank and for any rank count.
    const uint64_t epoch_seed = rng.next_u64();
    std::vector<int64_t> order(n);
    for (int64_t i = 0; i < n; ++i)
      order[i] = i;
    rng.shuffle(order);
    Rng crop_rng = rng.fork(1);

    const auto epoch_start = Clock::now();
    model->train();
    StepLoopOptions loop;
    loop.label = "epoch " + std::to_string(epoch) + "/" + std::to_string(config.epochs);
    loop.what = "training";
    loop.epoch = epoch;
    loop.max_grad_norm = config.max_grad_norm;
    loop.rate_unit = "utt/s";
    loop.device = config.run.device;
    loop.sync = sync.get();
    const double warmup_steps = config.warmup_ratio * static_cast<double>(config.epochs * steps);
    const double epoch_lr = lr * state.lr_scale * (hooks.lr_factor ? hooks.lr_factor(epoch) : 1.0);
    const double total_steps = static_cast<double>(config.epochs * steps);
    const bool linear_decay = config.schedule == "linear";
    loop.lr_at = [&](int64_t step) {
      const double global_step = static_cast<double>((epoch - 1) * steps + step);
      if (warmup_steps > 0 && global_step + 1 < warmup_steps)
        return epoch_lr * (global_step + 1) / warmup_steps;
      if (!linear_decay) return epoch_lr;
      // transformers' linear schedule: from the peak after the warmup down to 0.
      const double decay_steps = std::max(1.0, total_steps - warmup_steps);
      const double done = std::max(0.0, global_step - warmup_steps);
      return epoch_lr * std::max(0.0, 1.0 - done / decay_steps);
    };
    double train_loss = NAN;
    std::string diverged;
    try {
      train_loss = run_epoch_steps(
          optimizer, trainable, steps,
          [&](int64_t step) {
            const uint64_t step_seed = Rng(epoch_seed).fork(static_cast<uint64_t>(step)).next_u64();
            torch::manual_seed(step_seed);
            const int64_t begin = step * batch;
            const int64_t end = std::min(n, begin + batch);
            const torch::Tensor index =
                torch::tensor(std::vector<int64_t>(order.begin() + begin, order.begin() + end));
            // Crops are drawn for the whole global batch on every rank (same stream).
            torch::Tensor x = random_crop ? random_windows(train_set, index, window, crop_rng)
                                          : train_set.waves.index_select(0, index);
            torch::Tensor y = train_set.labels.index_select(0, index);
            // This rank's share of the batch (all of it in one process). Dropout streams per
            // (step, row): the same draws for any rank count.
            const distributed::Range mine =
                distributed::shard_of(0, end - begin, group.rank(), group.size());
            if (mine.size() == 0)
              return StepLoss{torch::Tensor(), static_cast<double>(end - begin)};
            model::BatchShard shard;
            shard.global = end - begin;
            shard.offset = mine.begin;
            shard.seed = step_seed;
            const model::BatchShardScope scope(shard);
            x = x.slice(0, mine.begin, mine.end).to(device);
            y = y.slice(0, mine.begin, mine.end).to(device);
            // Data-parallel: the summed loss, divided by the global count after the
            // all-reduce (train/step_loop.h); one process: the batch's mean.
            const auto reduction =
                parallel ? torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)
                         : torch::nn::functional::CrossEntropyFuncOptions();
            return StepLoss{torch::nn::functional::cross_entropy(
                                model->forward(x).to(torch::kFloat32), y, reduction),
                            static_cast<double>(end - begin)};
          },
          loop);
    } catch (const DivergedError& e) {
      diverged = e.what();
    }
    if (epoch_collapsed(train_loss, state.history, num_labels)) {
      const std::string what =
          diverged.empty() ? "training collapsed at epoch " + std::to_string(epoch) +
                                 " (train loss " + std::to_string(train_loss) +
                                 ", chance ln C = " + std::to_string(std::log(num_labels)) + ")"
                           : diverged;
      if (state.epochs_done == 0) throw Error(what);
      if (static_cast<int>(state.rollbacks.size()) >= kMaxRollbacks) {
        throw Error(what + ", after " + std::to_string(kMaxRollbacks) +
                    " rollbacks at half the learning rate each; lower --lr (the last try used " +
                    std::to_string(epoch_lr) + ")");
      }
      group.barrier("rolling back");
      TrainState previous = read_train_state(last_dir);
      restore_train_state(last_dir, model, optimizer);
      group.barrier("rolled back");  // every rank has read the state rank 0 rewrites next
      previous.lr_scale = state.lr_scale * 0.5;
      previous.rollbacks = state.rollbacks;
      previous.rollbacks.push_back(
          {{"epoch", epoch},
           {"train_loss", std::isfinite(train_loss) ? nlohmann::json(train_loss) : nullptr},
           {"lr_scale", previous.lr_scale}});
      previous.warnings = state.warnings;
      previous.warnings.push_back(what + "; rolled back to epoch " +
                                  std::to_string(previous.epochs_done) +
                                  " and halved the learning rate");
      std::fprintf(stderr, "finetune: %s\n", previous.warnings.back().get<std::string>().c_str());
      state = previous;
      save_state(state);
      epoch = state.epochs_done;  // the loop's ++ retries the collapsed epoch
      continue;
    }
    const double train_seconds = seconds_since(epoch_start);

    nlohmann::json record = {{"epoch", epoch},
                             {"train_loss", train_loss},
                             {"train_seconds", train_seconds},
                             {"utterances_per_second", static_cast<double>(n) / train_seconds}};
    bool improved = false;
    if (val_set.size() > 0) {
      const auto report = evaluate(model, val_set, batch, config.run.device);
      record["val_uar"] = report.uar;
      record["val_wa"] = report.wa;
      improved = report.uar > state.best_uar;
      if (improved) {
        state.best_uar = report.uar;
        state.best_epoch = epoch;
        if (group.is_main()) model::save_model(model, best_dir);
      }
    }
    state.history.push_back(record);
    state.epochs_done = epoch;
    if (!warned_chance) {
      if (const auto warning = chance_warning(state.history, num_labels, config.val_split)) {
        std::fprintf(stderr, "finetune: warning: %s\n", warning->c_str());
        state.warnings.push_back(*warning);
        warned_chance = true;
      }
    }
    save_state(state);
    std::fprintf(stderr, "epoch %d/%d  train_loss %.4f", epoch, config.epochs,
                 record["train_loss"].get<double>());
    if (record.contains("val_uar")) {
      std::fprintf(stderr, "  %s_uar %.4f%s", config.val_split.c_str(),
                   record["val_uar"].get<double>(), improved ? " (best)" : "");
    }
    std::fprintf(stderr, "  %.1fs\n", train_seconds);
    if (hooks.stop_after_epoch && epoch < config.epochs &&
        group.any_of(hooks.stop_after_epoch(epoch), "the stop decision")) {
      TrainedClassifier stopped;
      stopped.report = {{"command", "finetune"}, {"interrupted", true}, {"epochs_done", epoch}};
      stopped.interrupted = true;
      return stopped;
    }
  }

  // The kept model, and its scores on every held-out split of the manifest.
  const bool keep_best = config.keep == "best";
  model::SequenceClassifier kept =
      keep_best ? model::load_model(best_dir, {config.run.seed, labels}) : model;
  kept->to(device);
  nlohmann::json final_scores = nlohmann::json::object();
  for (const std::string split : {"train", "val", "test"}) {
    if (std::find(config.train_splits.begin(), config.train_splits.end(), split) !=
        config.train_splits.end()) {
      continue;
    }
    const auto utts = select(manifest, {split}, {});
    if (utts.empty()) continue;
    const LabeledAudio set = split == config.val_split
                                 ? val_set
                                 : load_labeled_audio(manifest, utts, labels, audio_config);
    final_scores[split] = evaluate(kept, set, batch, config.run.device).to_json();
  }

  nlohmann::json report = {
      {"command", "finetune"},
      {"created", utc_now()},
      {"config", config.to_json()},
      {"seed", config.run.seed},
      {"model", model->config().describe()},
      {"parameters", model->num_parameters()},
      {"labels", labels},
      {"load", load_info},
      {"data", {{"train", train_set.size()}, {"val", val_set.size()}}},
      {"epochs", state.history},
      {"best_epoch", state.best_epoch},
      {"rollbacks", state.rollbacks},
      {"steps",
       {{"per_epoch", steps},
        {"batch", batch},
        {"total", steps * static_cast<int64_t>(config.epochs + state.rollbacks.size())}}},
      {"lr_scale", state.lr_scale},
      {"warnings", state.warnings},
      {"best_val_uar", state.best_uar >= 0 ? nlohmann::json(state.best_uar) : nlohmann::json()},
      {"kept", config.keep},
      {"final", final_scores},
      {"timings",
       {{"decode_seconds", decode_seconds}, {"wall_seconds", seconds_since(wall_start)}}},
      {"memory", {{"estimate", memory.to_json()}, {"peak_rss_bytes", peak_rss_bytes()}}},
      {"versions", build_info()}};
  if (parallel) report["distributed"] = group.summary();
  TrainedClassifier trained;
  trained.model = kept;
  trained.report = std::move(report);
  return trained;
}

void remove_work_dir(const FinetuneConfig& config) {
  fs::remove_all(config.work_dir());
}

nlohmann::json finetune(const FinetuneConfig& config, const FinetuneHooks& hooks) {
  config.validate();
  if (fs::exists(config.out) && !config.overwrite) {
    throw Error("--out " + config.out.string() + " already exists; pass --overwrite to replace it");
  }
  TrainedClassifier trained;
  try {
    trained = train_classifier(config, hooks);
  } catch (const Interrupted&) {
    throw;  // the finished epochs stay for --resume; main says so
  } catch (const Error& e) {
    // A failure (a full disk, say) keeps what --resume can continue from, and says so;
    // a state without a finished epoch is of no use and goes.
    const fs::path work = config.work_dir();
    if (fs::exists(work / "last" / "state.json")) {
      throw Error(std::string(e.what()) + "; the finished epochs are kept in " + work.string() +
                  ": rerun with --resume to continue");
    }
    std::error_code ignored;
    fs::remove_all(work, ignored);
    throw;
  }
  if (trained.interrupted) return trained.report;
  distributed::Group& group = distributed::world();
  if (group.is_main()) {
    write_dir_atomic(config.out, [&](const fs::path& tmp) {
      model::write_model_files(trained.model, tmp);
      write_file_checked(tmp / "report.json", trained.report.dump(2) + "\n");
    });
    remove_work_dir(config);
  }
  group.barrier("writing the fine-tuned model");
  return trained.report;
}

}  // namespace emoforget::train
