// Hugging Face checkpoint directories: config.json + model.safetensors (or pytorch_model.bin).
// Loading accepts sequence-classification checkpoints, Wav2Vec2ForPreTraining checkpoints and
// bare Wav2Vec2Model/HubertModel checkpoints (the head is then initialised from the seed), both
// weight-norm namings, and F16/BF16 tensors (converted to fp32). It is strict otherwise: a
// missing or unexpected tensor or a wrong shape is an error naming the tensor. Exceptions:
// masked_spec_embed (used only by training-time masking) is initialised when absent and
// ignored when config.json disables masking; CTC heads (lm_head.*) are ignored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "model/sequence_classifier.h"

namespace emoforget::model {

struct LoadOptions {
  uint64_t seed = 0;  // initialises a head the checkpoint does not have
  // Class names. Required when the checkpoint has no classification head; otherwise, when
  // given, must equal the checkpoint's id2label.
  std::vector<std::string> labels;
};

struct LoadReport {
  std::string weights_file;              // the file the tensors came from
  std::vector<std::string> ignored;      // checkpoint tensors not used (pretraining-only parts)
  std::vector<std::string> initialised;  // model parameters initialised from the seed
};

SequenceClassifier load_model(const std::filesystem::path& dir, const LoadOptions& options = {},
                              LoadReport* report = nullptr);

// Writes config.json + model.safetensors (Hugging Face names, fp32) atomically into `dir`;
// loadable by transformers' AutoModelForAudioClassification.from_pretrained.
void save_model(SequenceClassifier& model, const std::filesystem::path& dir);

// Writes config.json + model.safetensors into the existing folder `dir` (each file
// atomically), for callers that assemble a larger output folder atomically themselves.
void write_model_files(SequenceClassifier& model, const std::filesystem::path& dir);

}  // namespace emoforget::model
