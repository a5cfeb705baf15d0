// The audio front end of every model input: read (any libsndfile format) ->
// mono -> resample to the model rate -> crop -> normalise -> zero-pad.
// Cropping keeps the start and happens before normalisation, and the zero
// padding after it, so the mean and variance are those of the samples the
// model sees, as Hugging Face's feature extractor does with truncation and an
// attention mask.
#pragma once

#include <filesystem>
#include <string>

#include "audio/waveform.h"

namespace emoforget::audio {

struct AudioConfig {
  int sample_rate = 16000;      // Hz of the model input
  double max_seconds = 0;       // crop/zero-pad to this length; 0 = keep full length
  bool normalize = true;        // (x - mean) / sqrt(var + 1e-7) per utterance
  int required_input_rate = 0;  // > 0: files must already have this rate (strict); 0 = any
  bool pad = true;              // false: crop to max_seconds but leave shorter clips short

  // Throws emoforget::Error naming the bad field and its value.
  void validate() const;
  // Fixed output length in samples, or 0 when max_seconds is 0.
  size_t max_samples() const;
  // One-line printable form, e.g. for the log at the start of a run.
  std::string to_string() const;
};

// Loads one utterance as configured; the result has config.sample_rate. Errors
// (emoforget::Error) name the file.
Waveform load_utterance(const std::filesystem::path& path, const AudioConfig& config = {});

}  // namespace emoforget::audio
