// A per-utterance attribute of the manifest that attribute unlearning and the audit's
// probe work on: `gender`, or any extra column, taken as a binary attribute of the
// utterances that carry a value.
#pragma once

#include <string>
#include <vector>

#include <torch/types.h>

#include "data/manifest.h"

namespace emoforget::data {

struct BinaryAttribute {
  std::string name;
  std::vector<std::string> values;  // the two values, sorted; index = code
  torch::Tensor codes;              // (N) int64 0/1, one per utterance given
  std::vector<std::string> speakers;
};

// The attribute's value of `u` ("" when it carries none). Throws when the manifest
// has no such column.
std::string attribute_value(const Manifest& manifest, const Utterance& u, const std::string& name);

// `utterances` (each with a value) coded 0/1; throws unless exactly two values occur.
BinaryAttribute binary_attribute(const Manifest& manifest,
                                 const std::vector<const Utterance*>& utterances,
                                 const std::string& name);

}  // namespace emoforget::data
