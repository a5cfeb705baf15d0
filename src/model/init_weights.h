// Parameter initialisation as transformers' Wav2Vec2PreTrainedModel._init_weights (and
// HubertPreTrainedModel's for HuBERT), drawn from a torch CPU generator seeded with `seed`.
#pragma once

#include <cstdint>

namespace emoforget::model {

class SequenceClassifierImpl;

// Overwrites every parameter of `model` (the head included). Deterministic for a seed on any
// device: values are drawn on the CPU and copied into the parameters.
void init_sequence_classifier(SequenceClassifierImpl& model, uint64_t seed);

}  // namespace emoforget::model
