#include "train/finetune_config.h"

#include <algorithm>

#include "common/error.h"
#include "model/config.h"

namespace emoforget::train {

RunOptions FinetuneConfig::auto_run_options() {
  RunOptions run;
  run.batch = 0;
  run.max_seconds = 0;
  return run;
}

const Recipe& FinetuneConfig::recipe() const {
  return from_scratch() ? kScratchRecipe : kPretrainedRecipe;
}

FinetuneConfig FinetuneConfig::resolved() const {
  FinetuneConfig c = *this;
  const Recipe& r = recipe();
  if (c.run.batch == 0) c.run.batch = r.batch;
  if (c.run.max_seconds == 0) c.run.max_seconds = r.max_seconds;
  if (c.crop == "auto") c.crop = r.crop;
  if (c.warmup_ratio == kAutoWarmup) c.warmup_ratio = r.warmup_ratio;
  if (c.schedule == "auto") c.schedule = r.schedule;
  return c;
}

int FinetuneConfig::resolved_epochs(int64_t train_utterances) const {
  if (epochs > 0) return epochs;
  const Recipe& r = recipe();
  const int64_t batch = run.batch > 0 ? run.batch : r.batch;
  const int64_t steps = std::max<int64_t>(1, (train_utterances + batch - 1) / batch);
  return static_cast<int>(std::max<int64_t>(r.epochs, (r.min_steps + steps - 1) / steps));
}

void FinetuneConfig::validate() const {
  if (manifest.empty()) throw Error("--manifest is required");
  if (out.empty()) throw Error("--out is required");
  if (init.empty() == preset.empty()) {
    throw Error("give exactly one of --init DIR (a Hugging Face checkpoint) or --preset NAME");
  }
  if (!preset.empty() && !std::filesystem::is_regular_file(preset)) {
    const auto names = model::ModelConfig::preset_names();
    if (std::find(names.begin(), names.end(), preset) == names.end()) {
      std::string known;
      for (const auto& n : names)
        known += (known.empty() ? "" : ", ") + n;
      throw Error("--preset: unknown preset '" + preset + "' (known: " + known +
                  ", or a config.json file)");
    }
  }
  if (train_splits.empty()) throw Error("--train-splits: at least one split is required");
  for (const auto& split : train_splits) {
    if (split != "train" && split != "val" && split != "test") {
      throw Error("--train-splits: unknown split '" + split + "' (use train, val, test)");
    }
    if (split == val_split) {
      throw Error("--val-split " + val_split +
                  " is also a training split; validate on held-out data");
    }
  }
  if (!val_split.empty() && val_split != "train" && val_split != "val" && val_split != "test") {
    throw Error("--val-split: unknown split '" + val_split + "' (use train, val, test or \"\")");
  }
  if (epochs < 0)
    throw Error("--epochs must be >= 1 (or 0 = the recipe's), got " + std::to_string(epochs));
  if (lr < 0) throw Error("--lr must be > 0 (or 0 for automatic), got " + std::to_string(lr));
  if (max_grad_norm < 0)
    throw Error("--max-grad-norm must be >= 0 (0 = off), got " + std::to_string(max_grad_norm));
  if (warmup_ratio != kAutoWarmup && (warmup_ratio < 0 || warmup_ratio >= 1))
    throw Error("--warmup-ratio must be in [0, 1) or -1 (the recipe's), got " +
                std::to_string(warmup_ratio));
  if (crop != "start" && crop != "random" && crop != "auto")
    throw Error("--crop must be start, random or auto, got '" + crop + "'");
  if (schedule != "constant" && schedule != "linear" && schedule != "auto")
    throw Error("--lr-schedule must be constant, linear or auto, got '" + schedule + "'");
  if (keep != "best" && keep != "last")
    throw Error("--keep must be best or last, got '" + keep + "'");
  if (keep == "best" && val_split.empty()) {
    throw Error("--keep best needs a validation split (--val-split), or use --keep last");
  }
  if (!save_init.empty() && (save_init == out || save_init == init)) {
    throw Error("--save-init must differ from --out and --init");
  }
  if (resume && overwrite) throw Error("--resume and --overwrite exclude each other");
  RunOptions::Rules rules;
  rules.auto_length_allowed = true;
  rules.auto_batch_allowed = true;
  run.validate(rules);
}

std::pair<double, std::string> FinetuneConfig::resolved_lr() const {
  if (lr > 0) return {lr, "given"};
  if (!init.empty()) return {kPretrainedLearningRate, "pretrained backbone (--init)"};
  return {kScratchLearningRate, "from scratch (preset " + preset + ")"};
}

std::filesystem::path FinetuneConfig::work_dir() const {
  std::filesystem::path dir = out;
  if (!dir.has_filename()) dir = dir.parent_path();
  return dir.parent_path() / (dir.filename().string() + ".train");
}

nlohmann::json FinetuneConfig::to_json() const {
  if (run.batch == 0 || run.max_seconds == 0 || crop == "auto" || warmup_ratio == kAutoWarmup ||
      schedule == "auto")
    return resolved().to_json();
  nlohmann::json j = {{"manifest", manifest.string()},
                      {"recipe", from_scratch() ? "from scratch" : "pretrained"},
                      {"init", init.string()},
                      {"preset", preset},
                      {"out", out.string()},
                      {"train_splits", train_splits},
                      {"val_split", val_split},
                      {"epochs", epochs},
                      {"lr", resolved_lr().first},
                      {"lr_choice", resolved_lr().second},
                      {"max_grad_norm", max_grad_norm},
                      {"warmup_ratio", warmup_ratio},
                      {"lr_schedule", schedule},
                      {"crop", crop},
                      {"freeze_feature_encoder", freeze_feature_encoder},
                      {"keep", keep},
                      {"excluded_utterances", exclude_utt_ids.size()}};
  // The excluded ids themselves stay out of the report (they may name a person).
  run.add_to_json(j);
  return j;
}

}  // namespace emoforget::train
