// Adapts a checkpoint's tensor names to the names SequenceClassifier registers: the new-style
// weight-norm names (parametrizations.weight.original0/1 -> weight_g/weight_v), the missing
// backbone prefix of a bare Wav2Vec2Model/HubertModel file, and the parts of pretraining and
// CTC checkpoints that a classifier has no use for.
#pragma once

#include <string>
#include <vector>

#include "tensor_io/tensor_map.h"

namespace emoforget::model {

// Renames `tensors` in place. `prefix` is "wav2vec2" or "hubert". Tensors of the pretraining
// objective (quantizer.*, project_q.*, project_hid.*) and of a CTC head (lm_head.*) are removed
// and their (original) names appended to `ignored`.
void adapt_checkpoint_keys(tensor_io::TensorMap& tensors, const std::string& prefix,
                           std::vector<std::string>& ignored);

// Whether `tensors` hold a classification head (any projector.* / classifier.* /
// layer_weights tensor).
bool has_classification_head(const tensor_io::TensorMap& tensors);

// Whether `name` is a head parameter of SequenceClassifier.
bool is_head_parameter(const std::string& name);

}  // namespace emoforget::model
