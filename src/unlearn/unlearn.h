// `emoforget forget`: unlearn a forget set from a trained model with the chosen
// method, score the model before and after, and write the unlearned model with
// its report. The input model is never modified.
#pragma once

#include <nlohmann/json.hpp>

#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

// Runs the unlearning and writes config.out (Hugging Face directory + report.json)
// atomically. Returns the report.
nlohmann::json run_unlearning(const UnlearnConfig& config);

}  // namespace emoforget::unlearn
