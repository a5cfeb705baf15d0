// Printable forms of predictions: a JSON document and a plain-text table.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/predict.h"

namespace emoforget::train {

// {"labels": [...], "predictions": [{"file", "label", "label_id",
//   "probabilities": {label: p}, "logits": {label: z}}]}
nlohmann::json predictions_to_json(const std::vector<Prediction>& predictions,
                                   const std::vector<std::string>& labels);

// One row per file: file, predicted label, then p(<label>) and logit(<label>) per class,
// columns aligned; ends with a newline.
std::string predictions_table(const std::vector<Prediction>& predictions,
                              const std::vector<std::string>& labels);

}  // namespace emoforget::train
