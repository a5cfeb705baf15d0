#include "train/run_options.h"

#include <cmath>
#include <string>

#include "common/error.h"

namespace emoforget::train {

void RunOptions::validate(const Rules& rules) const {
  if (rules.auto_batch_allowed) {
    if (batch < 0)
      throw Error(rules.batch_flag + " must be 0 (the recipe's) or more, got " +
                  std::to_string(batch));
  } else if (batch < 1) {
    throw Error(rules.batch_flag + " must be 1 or more, got " + std::to_string(batch));
  }
  if (rules.full_length_allowed || rules.auto_length_allowed) {
    if (!(max_seconds >= 0) || !std::isfinite(max_seconds)) {
      throw Error(std::string("--max-seconds must be 0 (") +
                  (rules.full_length_allowed ? "full length" : "as the model was trained") +
                  ") or more, got " + std::to_string(max_seconds));
    }
  } else if (!(max_seconds > 0) || !std::isfinite(max_seconds)) {
    throw Error("--max-seconds must be more than 0, got " + std::to_string(max_seconds));
  }
  device.validate();
}

void RunOptions::add_to_json(nlohmann::json& j) const {
  j["batch"] = batch;
  j["max_seconds"] = max_seconds;
  j["seed"] = seed;
  j["device"] = device.device;
  j["bf16"] = device.bf16;
}

nlohmann::json RunOptions::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  add_to_json(j);
  return j;
}

audio::AudioConfig RunOptions::audio() const {
  audio::AudioConfig audio;
  audio.max_seconds = max_seconds;
  return audio;
}

}  // namespace emoforget::train
