// Batched inference: logits for a set of waveforms in eval mode without
// gradients, and the evaluation report (UAR, WA, confusion) of a labelled set,
// each clip scored on its own samples only. In a distributed run these are
// collectives: every rank calls them, scores every rank-th batch and receives all
// the logits (each batch scored exactly as one process would).
#pragma once

#include <cstdint>

#include <torch/types.h>

#include "metrics/classification.h"
#include "model/sequence_classifier.h"
#include "train/device.h"
#include "train/labeled_audio.h"

namespace emoforget::train {

// (N, T) waveforms on the CPU -> (N, C) float32 logits on the CPU. Leaves the
// model in the train/eval mode it had.
torch::Tensor predict_logits(model::SequenceClassifier& model, const torch::Tensor& waves,
                             int64_t batch_size, const DeviceConfig& device);

// Logits of every clip of `set` computed on the clip's own samples (set.lengths), never
// on its zero padding: clips of equal length share a batch of up to `batch_size`.
torch::Tensor predict_logits(model::SequenceClassifier& model, const LabeledAudio& set,
                             int64_t batch_size, const DeviceConfig& device);

// The pooled embeddings (N, classifier_proj_size), the classifier's input, of every
// clip at its own length (as predict_logits above).
torch::Tensor predict_pooled(model::SequenceClassifier& model, const LabeledAudio& set,
                             int64_t batch_size, const DeviceConfig& device);

// Scores each clip at its true length (as predict_logits above).
metrics::ClassificationReport evaluate(model::SequenceClassifier& model, const LabeledAudio& set,
                                       int64_t batch_size, const DeviceConfig& device);

}  // namespace emoforget::train
