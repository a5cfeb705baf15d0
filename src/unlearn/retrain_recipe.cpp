#include "unlearn/retrain_recipe.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "common/error.h"

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
  if (!std::filesystem::exists(file)) return "defaults";
  std::ifstream in(file);
  nlohmann::json report;
  try {
    in >> report;
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  if (!report.is_object() || report.value("command", "") != "finetune" ||
      !report.contains("config") || !report["config"].is_object()) {
    return "defaults";
  }
  const nlohmann::json& recipe = report["config"];
  copy_field(recipe, "epochs", finetune.epochs, file);
  copy_field(recipe, "lr", finetune.lr, file);
  copy_field(recipe, "batch", finetune.run.batch, file);
  copy_field(recipe, "max_grad_norm", finetune.max_grad_norm, file);
  copy_field(recipe, "warmup_ratio", finetune.warmup_ratio, file);
  copy_field(recipe, "crop", finetune.crop, file);
  copy_field(recipe, "freeze_feature_encoder", finetune.freeze_feature_encoder, file);
  return file.string();
}

}  // namespace emoforget::unlearn
