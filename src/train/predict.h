// Inference on audio files: each file goes through the audio front end (read, mono, 16 kHz,
// crop/pad, normalise), files are batched, the classifier runs in eval mode without
// gradients, and the logits become class probabilities (softmax).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/load_utterance.h"
#include "model/sequence_classifier.h"
#include "train/run_options.h"

namespace emoforget::train {

// Predict's run options: files at their full length (max_seconds 0), 8 per forward pass.
RunOptions predict_run_options();

struct PredictConfig {
  // batch: files per forward pass (only files of equal length share one);
  // max_seconds: crop/zero-pad every file to this length, 0 = full length.
  RunOptions run = predict_run_options();

  // Throws emoforget::Error naming the bad field and its value.
  void validate() const;
  // The audio front end these settings select (16 kHz, normalised).
  audio::AudioConfig audio_config() const;
};

struct Prediction {
  std::string file;                  // as given
  int64_t label_id = 0;              // argmax of the logits
  std::string label;                 // id2label[label_id]
  std::vector<float> probabilities;  // softmax of the logits, by class id
  std::vector<float> logits;         // by class id
};

// Predicts every file, in the order given; moves the model to config.device and puts it in
// eval mode. Files of different lengths never share a
// forward pass (the model has no attention mask), so a file's result does not depend on the
// other files. Errors (emoforget::Error) name the file that could not be read.
std::vector<Prediction> predict_files(model::SequenceClassifier& model,
                                      const std::vector<std::filesystem::path>& files,
                                      const PredictConfig& config);

// Predicts already loaded waveforms (equal lengths), one forward pass: (B, T) -> B results
// whose `file` is taken from `names`.
std::vector<Prediction> predict_batch(model::SequenceClassifier& model,
                                      const torch::Tensor& input_values,
                                      const std::vector<std::string>& names,
                                      const DeviceConfig& device = {});

}  // namespace emoforget::train
