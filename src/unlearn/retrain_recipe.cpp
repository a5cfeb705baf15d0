#include "unlearn/retrain_recipe.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "train/model_report.h"

namespace emoforget::unlearn {

namespace {

template <typename T>
void copy_field(const nlohmann::json& recipe, const char* key, T& field,
                const std::filesystem::path& file) {
  if (!recipe.contains(key)) return;
  try {
    field = recipe.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(file.string() + ": config." + key + " has the wrong type");
  }
}

}  // namespace

std::string apply_finetune_recipe(const std::filesystem::path& model_dir,
                                  train::FinetuneConfig& finetune) {
  const std::filesystem::path file = model_dir / "report.json";
  const nlohmann::json report = train::read_model_report(model_dir);
  if (!report.is_object() || report.value("command", "") != "finetune" ||
      !report.contains("config") || !report["config"].is_object()) {
    return "defaults";
  }
  const nlohmann::json& recipe = report["config"];
  copy_field(recipe, "epochs", finetune.epochs, file);
  copy_field(recipe, "lr", finetune.lr, file);
  copy_field(recipe, "batch", finetune.run.batch, file);
  copy_field(recipe, "max_seconds", finetune.run.max_seconds, file);
  copy_field(recipe, "max_grad_norm", finetune.max_grad_norm, file);
  copy_field(recipe, "warmup_ratio", finetune.warmup_ratio, file);
  copy_field(recipe, "crop", finetune.crop, file);
  copy_field(recipe, "lr_schedule", finetune.schedule, file);
  copy_field(recipe, "freeze_feature_encoder", finetune.freeze_feature_encoder, file);
  copy_field(recipe, "train_splits", finetune.train_splits, file);
  copy_field(recipe, "val_split", finetune.val_split, file);
  copy_field(recipe, "keep", finetune.keep, file);
  return file.string();
}

}  // namespace emoforget::unlearn
