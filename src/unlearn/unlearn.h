// `emoforget forget`: unlearn a forget set from a trained model with the chosen
// method, score the model before and after, and write the unlearned model with
// its report. The input model is never modified.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "data/manifest.h"
#include "unlearn/method.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

// The context a method runs in: the trained model on the run's device, the forget
// set with its true labels and its random wrong labels (drawn from `rng`), and the
// remain set when the method's descriptor reads it.
UnlearnContext make_context(const UnlearnConfig& config, const data::Manifest& manifest,
                            const std::vector<const data::Utterance*>& forget_utts, Rng& rng);

// Runs the unlearning and writes config.out (Hugging Face directory + report.json)
// atomically. Returns the report.
nlohmann::json run_unlearning(const UnlearnConfig& config);

}  // namespace emoforget::unlearn
