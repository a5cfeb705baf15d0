// The options every command that runs a model shares: where it computes, how many
// clips go through the model at once, how long a clip is, and the seed of every
// random choice. Each command's config embeds one (with its own defaults); the CLI
// registers their flags with one helper (cli/run_flags.h), so commands cannot drift.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "audio/load_utterance.h"
#include "train/device.h"

namespace emoforget::train {

struct RunOptions {
  DeviceConfig device;
  int64_t batch = 16;        // clips per forward pass
  double max_seconds = 3.0;  // every clip is cropped or zero-padded to this length
  uint64_t seed = 0;         // seed of every random choice of the run

  // What a command accepts beyond the defaults of validate().
  struct Rules {
    bool full_length_allowed = false;    // max_seconds 0 = every clip at its own length
    bool auto_length_allowed = false;    // max_seconds 0 = resolved later (model_report.h)
    bool auto_batch_allowed = false;     // batch 0 = resolved later (the fine-tuning recipe)
    std::string batch_flag = "--batch";  // the flag --batch is registered as
  };
  // Throws naming the flag and its value.
  void validate() const { validate(Rules{}); }
  void validate(const Rules& rules) const;
  // Adds device, bf16, batch, max_seconds and seed to a command's JSON config.
  void add_to_json(nlohmann::json& j) const;
  // The same as an object of its own.
  nlohmann::json to_json() const;
  // The audio front end for these clips (16 kHz, normalised, cropped/padded).
  audio::AudioConfig audio() const;
};

}  // namespace emoforget::train
