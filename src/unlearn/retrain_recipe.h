// The retrained reference is only a fair yardstick if it is trained the way the
// original model was. `finetune` writes its configuration into the model's
// report.json; this reads it back so `retrain` repeats the recipe (epochs,
// learning rate, batch, clip length, crop, warmup, schedule, gradient clipping,
// frozen encoder, training and validation splits, which epoch is kept).
#pragma once

#include <filesystem>
#include <string>

#include "train/finetune_config.h"

namespace emoforget::unlearn {

// Copies the recipe from `model_dir`/report.json into `finetune` when that file
// is a finetune report, and says where the recipe came from ("<path>" or
// "defaults" when there is none). An unreadable or malformed report is an error
// naming the file.
std::string apply_finetune_recipe(const std::filesystem::path& model_dir,
                                  train::FinetuneConfig& finetune);

}  // namespace emoforget::unlearn
