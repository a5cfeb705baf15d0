// Naming the forget set D_e: a deletion request (a file of utt_ids or paths), all
// training utterances of one speaker, N random training utterances (the paper's
// experiments), every training utterance of one emotion (class unlearning, the
// paper's future work) or an attribute of the speech (attribute unlearning). Only utterances the
// model was trained on can be forgotten.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/rng.h"
#include "data/manifest.h"

namespace emoforget::unlearn {

struct ForgetRequest {
  std::filesystem::path file;  // --forget-file
  std::string speaker;         // --forget-speaker
  int64_t random = 0;          // --forget-random N
  std::string label;           // --forget-class: an emotion of the manifest
  // --forget-attribute: a manifest column (gender); the forget set is then every
  // training utterance carrying a value, and what is forgotten is the attribute.
  std::string attribute;

  // Exactly one of the five must be given.
  void validate() const;
  // The kind of request (and N, or the class): no path or speaker name, which could identify a
  // person.
  nlohmann::json to_json() const;
};

// Training utterances (those in `train_splits`) the request names, in manifest
// order. Errors name what is wrong: an id not in the manifest, an utterance
// outside the training splits, a speaker without training utterances, N larger
// than the training set.
std::vector<const data::Utterance*> select_forget_set(const data::Manifest& manifest,
                                                      const ForgetRequest& request,
                                                      const std::vector<std::string>& train_splits,
                                                      Rng& rng);

// Training utterances not in the forget set (the remain set D_r).
std::vector<const data::Utterance*> remain_set(const data::Manifest& manifest,
                                               const std::vector<const data::Utterance*>& forget,
                                               const std::vector<std::string>& train_splits);

}  // namespace emoforget::unlearn
